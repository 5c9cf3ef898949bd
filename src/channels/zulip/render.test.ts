import { describe, expect, it } from 'vitest';
import { context, notification } from '../testing/fixtures.js';
import { render } from './render.js';

const config = {
  type: 'zulip' as const,
  site: 'https://example.zulipchat.com/',
  email: 'tocsin-bot@example.zulipchat.com',
  api_key: 'zulipkey123',
  stream: 'ops',
};

describe('zulip render', () => {
  it('posts a stream message with the monitor as topic, authenticated as the bot', () => {
    const request = render(notification('monitor.down'), config, context);
    expect(request).toMatchObject({
      method: 'POST',
      url: 'https://example.zulipchat.com/api/v1/messages',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from('tocsin-bot@example.zulipchat.com:zulipkey123').toString('base64')}`,
      },
    });
    const form = new URLSearchParams(request.body);
    expect([...form.keys()]).toEqual(['type', 'to', 'topic', 'content']);
    expect(form.get('type')).toBe('stream');
    expect(form.get('to')).toBe('ops');
    expect(form.get('topic')).toBe('Update center');
    expect(form.get('content')).toBe(
      '🔴 **Update center is DOWN since 02:14 UTC (3 failed checks)**\n```\nHTTP 503 from https://updates.example.org/update-center.json (expected 200)\n```\n' +
        'Affects: plugin-site, wiki\n[Runbook](https://tocsin.example.org/runbooks/update-center) · [Acknowledge](https://tocsin.example.org/ack/t0k) · [Status page](https://status.example.org/)',
    );
  });

  it('uses the configured topic and keeps content within 10000 bytes', () => {
    const form = new URLSearchParams(render(notification('monitor.down', { message: '€'.repeat(8000) }), { ...config, topic: 'alerts' }, context).body);
    expect(form.get('topic')).toBe('alerts');
    expect(Buffer.byteLength(form.get('content') ?? '')).toBeLessThanOrEqual(10_000);
  });
});

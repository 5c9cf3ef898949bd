import { describe, expect, it } from 'vitest';
import { context, notification } from '../testing/fixtures.js';
import { render } from './render.js';

const config = { type: 'mattermost' as const, url: 'https://chat.example.org/hooks/abc123xyz' };

describe('mattermost render', () => {
  it('posts Markdown text with the reason in a code block and the links', () => {
    expect(render(notification('monitor.down'), config, context)).toEqual({
      method: 'POST',
      url: 'https://chat.example.org/hooks/abc123xyz',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        text:
          '🔴 **Update center is DOWN since 02:14 UTC (3 failed checks)**\n```\nHTTP 503 from https://updates.example.org/update-center.json (expected 200)\n```\n' +
          'Affects: plugin-site, wiki\n[Runbook](https://tocsin.example.org/runbooks/update-center) · [Acknowledge](https://tocsin.example.org/ack/t0k) · [Status page](https://status.example.org/)',
      }),
    });
  });

  it('sets the channel and username overrides only when configured', () => {
    const body = JSON.parse(render(notification('monitor.up'), { ...config, channel: 'town-square', username: 'tocsin' }, context).body);
    expect(body).toMatchObject({ channel: 'town-square', username: 'tocsin' });
    expect(body.text.startsWith('✅ **Update center is UP again after being DOWN for 12m since 02:14 UTC**')).toBe(true);
  });

  it('keeps a reason full of backticks inside its code block', () => {
    const text = JSON.parse(render(notification('monitor.down', { message: 'got ```` then ``` end' }), config, context).body).text as string;
    expect(text).toContain('`````\ngot ```` then ``` end\n`````');
  });
});

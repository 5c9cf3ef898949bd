import { describe, expect, it } from 'vitest';
import { context, notification } from '../testing/fixtures.js';
import { render } from './render.js';

const config = {
  type: 'mastodon' as const,
  url: 'https://fosstodon.org/',
  access_token: 'mastotoken123',
  visibility: 'direct' as const,
  mention: ['@alice@example.org'],
};

describe('mastodon render', () => {
  it('posts a direct status mentioning the on-call account, idempotent on the notification id', () => {
    expect(render(notification('monitor.down'), config, context)).toEqual({
      method: 'POST',
      url: 'https://fosstodon.org/api/v1/statuses',
      headers: { 'content-type': 'application/json', authorization: 'Bearer mastotoken123', 'idempotency-key': 'ntf_01HQ' },
      body: JSON.stringify({
        status:
          '@alice@example.org 🔴 Update center is DOWN since 02:14 UTC (3 failed checks)\nHTTP 503 from https://updates.example.org/update-center.json (expected 200)\nAffects: plugin-site, wiki\n' +
          'Runbook: https://tocsin.example.org/runbooks/update-center\nAcknowledge: https://tocsin.example.org/ack/t0k\nStatus page: https://status.example.org/',
        visibility: 'direct',
      }),
    });
  });

  it('stays within 500 characters and keeps the mention', () => {
    const status = JSON.parse(render(notification('monitor.down', { message: 'x'.repeat(2000) }), config, context).body).status as string;
    expect(status.length).toBeLessThanOrEqual(500);
    expect(status.startsWith('@alice@example.org ')).toBe(true);
  });
});

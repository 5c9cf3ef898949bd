import { afterEach, describe, expect, it } from 'vitest';
import { deliver } from '../registry.js';
import { context, notification } from '../testing/fixtures.js';
import { startReceiver, type Receiver } from '../testing/receiver.js';
import { render, retryKey } from './render.js';

const config = { type: 'line' as const, channel_access_token: 'linetoken123', to: `U${'4af4980629'.repeat(3)}ab` };

let receiver: Receiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

describe('line render', () => {
  it('pushes one text message with the token and a retry key derived from the notification', () => {
    expect(render(notification('monitor.down'), config, context)).toEqual({
      method: 'POST',
      url: 'https://api.line.me/v2/bot/message/push',
      headers: { 'content-type': 'application/json', authorization: 'Bearer linetoken123', 'x-line-retry-key': retryKey('ntf_01HQ') },
      body: JSON.stringify({
        to: config.to,
        messages: [
          {
            type: 'text',
            text:
              '🔴 Update center is DOWN since 02:14 UTC (3 failed checks)\nHTTP 503 from https://updates.example.org/update-center.json (expected 200)\nAffects: plugin-site, wiki\n' +
              'Runbook: https://tocsin.example.org/runbooks/update-center\nAcknowledge: https://tocsin.example.org/ack/t0k\nStatus page: https://status.example.org/',
          },
        ],
      }),
    });
  });

  it('makes retry keys that are UUIDs, stable per notification and distinct between them', () => {
    expect(retryKey('ntf_01HQ')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(retryKey('ntf_01HQ')).toBe(retryKey('ntf_01HQ'));
    expect(retryKey('ntf_01HR')).not.toBe(retryKey('ntf_01HQ'));
  });
});

describe('line send', () => {
  it('counts a 409 to a retry as delivered: LINE already accepted that retry key', async () => {
    receiver = await startReceiver(() => ({
      status: 409,
      headers: { 'x-line-accepted-request-id': 'abc' },
      body: '{"message":"The retry key is already accepted"}',
    }));
    const outcome = await deliver(config, notification(), context, { channel: 'line', timeoutMs: 5000, baseUrlOverride: receiver.url });
    expect(outcome).toMatchObject({ ok: true, status: 409 });
    expect(receiver.requests[0]?.headers['x-line-retry-key']).toBe(retryKey('ntf_01HQ'));
  });
});

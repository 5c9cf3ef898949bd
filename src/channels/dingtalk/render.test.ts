import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { deliver } from '../registry.js';
import { context, notification } from '../testing/fixtures.js';
import { startReceiver, type Receiver } from '../testing/receiver.js';
import { dingtalkSign, render, signedUrl } from './render.js';

const config = { type: 'dingtalk' as const, url: 'https://oapi.dingtalk.com/robot/send?access_token=dtaccesstoken123' };

let receiver: Receiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

describe('dingtalk render', () => {
  it('posts a markdown message with the reason quoted', () => {
    expect(render(notification('monitor.down'), config, context)).toEqual({
      method: 'POST',
      url: config.url,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        msgtype: 'markdown',
        markdown: {
          title: 'Update center is DOWN',
          text:
            '### 🔴 Update center is DOWN\n\n**Update center is DOWN since 02:14 UTC (3 failed checks)**\n\n> HTTP 503 from https://updates.example.org/update-center.json (expected 200)\n\n' +
            'Affects: plugin-site, wiki\n\n[Runbook](https://tocsin.example.org/runbooks/update-center) · [Acknowledge](https://tocsin.example.org/ack/t0k) · [Status page](https://status.example.org/)',
        },
      }),
    });
  });

  it('signs with HMAC-SHA256 of "timestamp\\nsecret" keyed by the secret, timestamp in ms, URL-encoded', () => {
    const url = new URL(signedUrl(config.url, 'SECabc', 1_709_259_420_500));
    const expected = createHmac('sha256', 'SECabc').update('1709259420500\nSECabc').digest('base64');
    expect(url.searchParams.get('access_token')).toBe('dtaccesstoken123');
    expect(url.searchParams.get('timestamp')).toBe('1709259420500');
    expect(url.searchParams.get('sign')).toBe(expected);
    expect(dingtalkSign('SECabc', 1_709_259_420_500)).toBe(expected);
    expect(url.search).toContain(`sign=${encodeURIComponent(expected).replace(/%20/g, '+')}`);
  });
});

describe('dingtalk send', () => {
  it('signs at sending time and accepts errcode 0', async () => {
    receiver = await startReceiver(() => ({ status: 200, body: '{"errcode":0,"errmsg":"ok"}' }));
    const before = Date.now();
    const outcome = await deliver({ ...config, url: `${receiver.url}/robot/send?access_token=t0k3n`, secret: 'SECabc' }, notification(), context, {
      channel: 'dingtalk',
      timeoutMs: 5000,
    });
    expect(outcome).toMatchObject({ ok: true, status: 200 });
    const query = new URL(receiver.requests[0]?.path ?? '', 'http://x').searchParams;
    expect(Number(query.get('timestamp'))).toBeGreaterThanOrEqual(before);
    expect(query.get('sign')).toBe(dingtalkSign('SECabc', Number(query.get('timestamp'))));
  });

  it.each([
    ['{"errcode":310000,"errmsg":"sign not match"}', true, undefined],
    ['{"errcode":130101,"errmsg":"send too fast"}', false, 60_000],
  ])('reads a 200 answering %s as a failure (permanent: %s)', async (answer, permanent, retryAfterMs) => {
    receiver = await startReceiver(() => ({ status: 200, body: answer }));
    const outcome = await deliver({ ...config, url: `${receiver.url}/robot/send?access_token=t0k3n` }, notification(), context, {
      channel: 'dingtalk',
      timeoutMs: 5000,
    });
    expect(outcome).toMatchObject({ ok: false, permanent, status: 200, error: expect.stringMatching(/errcode \d+: /) });
    expect(outcome.ok ? undefined : outcome.retryAfterMs).toBe(retryAfterMs);
  });
});

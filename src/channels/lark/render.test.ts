import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { deliver } from '../registry.js';
import { context, notification } from '../testing/fixtures.js';
import { startReceiver, type Receiver } from '../testing/receiver.js';
import { larkSign, render, signedBody } from './render.js';

const config = { type: 'lark' as const, url: 'https://open.feishu.cn/open-apis/bot/v2/hook/0a1b2c3d-hook' };

let receiver: Receiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

describe('lark render', () => {
  it('posts a rich-text message with the links as tags', () => {
    expect(render(notification('monitor.down'), config, context)).toEqual({
      method: 'POST',
      url: config.url,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        msg_type: 'post',
        content: {
          post: {
            en_us: {
              title: '🔴 Update center is DOWN',
              content: [
                [{ tag: 'text', text: 'Update center is DOWN since 02:14 UTC (3 failed checks)' }],
                [{ tag: 'text', text: 'HTTP 503 from https://updates.example.org/update-center.json (expected 200)' }],
                [{ tag: 'text', text: 'Affects: plugin-site, wiki' }],
                [
                  { tag: 'a', text: 'Runbook ', href: 'https://tocsin.example.org/runbooks/update-center' },
                  { tag: 'a', text: 'Acknowledge ', href: 'https://tocsin.example.org/ack/t0k' },
                  { tag: 'a', text: 'Status page ', href: 'https://status.example.org/' },
                ],
              ],
            },
          },
        },
      }),
    });
  });

  it('signs with HMAC-SHA256 keyed by "timestamp\\nsecret", timestamp in seconds', () => {
    const body = JSON.parse(signedBody('{"msg_type":"post"}', 'larksecret', 1_709_259_420_500));
    expect(body).toEqual({ timestamp: '1709259420', sign: createHmac('sha256', '1709259420\nlarksecret').digest('base64'), msg_type: 'post' });
    expect(larkSign('larksecret', 1_709_259_420)).toBe(body.sign);
  });
});

describe('lark send', () => {
  it('signs at sending time with the current clock', async () => {
    receiver = await startReceiver(() => ({ status: 200, body: '{"code":0,"msg":"success","data":{}}' }));
    const before = Math.floor(Date.now() / 1000);
    const outcome = await deliver({ ...config, url: `${receiver.url}/open-apis/bot/v2/hook/x`, secret: 'larksecret' }, notification(), context, {
      channel: 'lark',
      timeoutMs: 5000,
    });
    expect(outcome).toMatchObject({ ok: true });
    const got = JSON.parse(receiver.requests[0]?.body.toString() ?? '');
    expect(Number(got.timestamp)).toBeGreaterThanOrEqual(before);
    expect(got.sign).toBe(larkSign('larksecret', Number(got.timestamp)));
    expect(got.msg_type).toBe('post');
  });

  it.each([
    ['{"code":19021,"msg":"sign match fail or timestamp is not within one hour from current time"}', true],
    ['{"code":9499,"msg":"Too Many Request"}', false],
  ])('reads a 200 answering %s as a failure (permanent: %s)', async (answer, permanent) => {
    receiver = await startReceiver(() => ({ status: 200, body: answer }));
    const outcome = await deliver({ ...config, url: `${receiver.url}/open-apis/bot/v2/hook/x` }, notification(), context, { channel: 'lark', timeoutMs: 5000 });
    expect(outcome).toMatchObject({ ok: false, permanent, status: 200, error: expect.stringMatching(/code \d+: /) });
  });
});

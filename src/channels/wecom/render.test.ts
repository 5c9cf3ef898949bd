import { afterEach, describe, expect, it } from 'vitest';
import { deliver } from '../registry.js';
import { context, notification } from '../testing/fixtures.js';
import { startReceiver, type Receiver } from '../testing/receiver.js';
import { render } from './render.js';

const config = { type: 'wecom' as const, url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa' };

let receiver: Receiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

describe('wecom render', () => {
  it('posts a markdown message coloured by severity', () => {
    expect(render(notification('monitor.down'), config, context)).toEqual({
      method: 'POST',
      url: config.url,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        msgtype: 'markdown',
        markdown: {
          content:
            '### 🔴 <font color="warning">Update center is DOWN</font>\n**Update center is DOWN since 02:14 UTC (3 failed checks)**\n' +
            '> HTTP 503 from https://updates.example.org/update-center.json (expected 200)\nAffects: plugin-site, wiki\n' +
            '[Runbook](https://tocsin.example.org/runbooks/update-center) · [Acknowledge](https://tocsin.example.org/ack/t0k) · [Status page](https://status.example.org/)',
        },
      }),
    });
  });

  it('stays within 4096 bytes however wide the characters', () => {
    const content = JSON.parse(render(notification('monitor.down', { message: '服务不可用'.repeat(2000) }), config, context).body).markdown.content as string;
    expect(Buffer.byteLength(content)).toBeLessThanOrEqual(4096);
    expect(content.endsWith('[Status page](https://status.example.org/)')).toBe(true);
  });
});

describe('wecom send', () => {
  it.each([
    ['{"errcode":0,"errmsg":"ok"}', undefined],
    ['{"errcode":93000,"errmsg":"invalid webhook url"}', true],
    ['{"errcode":45009,"errmsg":"api freq out of limit"}', false],
  ])('reads a 200 answering %s (permanent: %s)', async (answer, permanent) => {
    receiver = await startReceiver(() => ({ status: 200, body: answer }));
    const outcome = await deliver({ ...config, url: `${receiver.url}/cgi-bin/webhook/send?key=k3y` }, notification(), context, {
      channel: 'wecom',
      timeoutMs: 5000,
    });
    expect(outcome).toMatchObject(permanent === undefined ? { ok: true, status: 200 } : { ok: false, permanent, status: 200 });
    expect(receiver.requests[0]?.path).toBe('/cgi-bin/webhook/send?key=k3y');
  });
});

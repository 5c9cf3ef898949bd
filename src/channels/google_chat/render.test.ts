import { describe, expect, it } from 'vitest';
import { context, notification } from '../testing/fixtures.js';
import { render } from './render.js';

const config = { type: 'google_chat' as const, url: 'https://chat.googleapis.com/v1/spaces/AAAA/messages?key=chatkey&token=chattoken' };

describe('google chat render', () => {
  it('posts Chat-formatted text into the thread of the episode', () => {
    expect(render(notification('monitor.down'), config, context)).toEqual({
      method: 'POST',
      url: 'https://chat.googleapis.com/v1/spaces/AAAA/messages?key=chatkey&token=chattoken&messageReplyOption=REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD',
      headers: { 'content-type': 'application/json; charset=UTF-8' },
      body: JSON.stringify({
        text:
          '🔴 *Update center is DOWN since 02:14 UTC (3 failed checks)*\n```HTTP 503 from https://updates.example.org/update-center.json (expected 200)```\n' +
          'Affects: plugin-site, wiki\n<https://tocsin.example.org/runbooks/update-center|Runbook> · <https://tocsin.example.org/ack/t0k|Acknowledge> · <https://status.example.org/|Status page>',
        thread: { threadKey: 'update-center/4' },
      }),
    });
  });

  it('puts the recovery in the same thread as the outage', () => {
    const down = JSON.parse(render(notification('monitor.down'), config, context).body);
    const up = JSON.parse(render(notification('monitor.up'), config, context).body);
    expect(up.thread).toEqual(down.thread);
  });

  it('stays within 4096 characters', () => {
    const text = JSON.parse(render(notification('monitor.down', { message: 'x'.repeat(10_000) }), config, context).body).text as string;
    expect(text.length).toBeLessThanOrEqual(4096);
  });
});

import { describe, expect, it } from 'vitest';
import { deadNotice, failingNotice, recoveredNotice } from './channel-notices.js';

const since = Date.parse('2024-03-01T02:00:00.000Z');

describe('channel notices', () => {
  it.each([
    [
      'a channel failing past the threshold',
      failingNotice('ops-slack', since, 'ops-slack (hooks.slack.com): HTTP 503', since + 600_000),
      'notifications to ops-slack have failed for 10m: ops-slack (hooks.slack.com): HTTP 503; they are kept and retried',
      'down',
      'channel/ops-slack/failing/',
    ],
    [
      'its recovery',
      recoveredNotice('ops-slack', since, since + 750_000),
      'notifications to ops-slack work again after 12m 30s of failures; the ones kept are being delivered',
      'up',
      'channel/ops-slack/recovered/',
    ],
    [
      'notifications given up',
      deadNotice(
        'ops-webhook',
        { count: 7, upTo: since, lastError: 'HTTP 400: invalid payload', examples: [{ monitorId: 'api', event: 'monitor.down' }] },
        since,
      ),
      "gave up on 7 notifications to ops-webhook (monitor.down of api, …): HTTP 400: invalid payload; check the channel's settings",
      'down',
      'channel/ops-webhook/dead/',
    ],
  ])('names the channel, what happened and the error for %s', (_name, notice, message, state, key) => {
    expect(notice.notification).toMatchObject({ event: 'tocsin.self', message, state, monitor: { id: 'tocsin', type: 'channel' } });
    expect(notice.dedupKey).toBe(`${key}${since}`);
  });
});

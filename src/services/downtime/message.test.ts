import { describe, expect, it } from 'vitest';
import { notification } from '../../channels/testing/fixtures.js';
import type { Notification } from '../../channels/types.js';
import { downtimeDigest } from './message.js';

const T = Date.UTC(2026, 0, 5, 2, 14, 12);
const downtime = { downSince: T - 7_000, backAt: T, reason: 'the engine was killed by SIGKILL' };

function change(id: string, state: 'down' | 'degraded' | 'up', message: string): Notification {
  const event = state === 'down' ? 'monitor.down' : state === 'up' ? 'monitor.up' : 'monitor.degraded';
  return notification(event, { monitor: { id, name: id, type: 'tcp', target: `${id}:5432` }, state, message });
}

describe('the downtime digest', () => {
  it('says when tocsin was down, counts what changed meanwhile, and lists the worst first', () => {
    const digest = downtimeDigest(
      [
        change('web', 'up', 'HTTP 200 in 80 ms'),
        change('db', 'down', 'connection refused by 10.0.0.5:5432'),
        change('cache', 'down', 'timed out after 1000 ms while connecting to 10.0.0.6:6379'),
      ],
      downtime,
      'ntf_1',
      T + 10_000,
    );
    expect(digest.message).toBe(
      'tocsin was down from 2026-01-05 02:14:05 to 2026-01-05 02:14:12 UTC (the engine was killed by SIGKILL); while it was down: 2 monitors went down, 1 monitor recovered — ' +
        'db DOWN: connection refused by 10.0.0.5:5432; cache DOWN: timed out after 1000 ms while connecting to 10.0.0.6:6379; web UP: HTTP 200 in 80 ms',
    );
    expect(digest).toMatchObject({
      id: 'ntf_1',
      event: 'monitor.down',
      state: 'down',
      since: new Date(T - 7_000).toISOString(),
      monitor: { id: 'tocsin.downtime', type: 'digest' },
    });
  });

  it('tells a monitor that went down and came back once, as it is now', () => {
    const digest = downtimeDigest([change('db', 'down', 'refused'), change('db', 'up', 'answered in 3 ms')], downtime, 'ntf_2', T);
    expect(digest.message).toMatch(/while it was down: 1 monitor recovered — db UP: answered in 3 ms$/);
    expect(digest.event).toBe('monitor.up');
  });

  it('names twenty monitors and counts the rest', () => {
    const many = Array.from({ length: 250 }, (_, i) => change(`m${i}`, 'down', 'refused'));
    const digest = downtimeDigest(many, downtime, 'ntf_3', T);
    expect(digest.message).toMatch(/while it was down: 250 monitors went down — m0 DOWN: refused; .*m19 DOWN: refused; … and 230 more$/);
  });
});

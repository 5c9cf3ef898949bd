import { describe, expect, it } from 'vitest';
import { notification } from '../../channels/testing/fixtures.js';
import type { NotificationEvent } from '../../channels/types.js';
import type { OutboxInsert } from '../../store/outbox.js';
import { detectDowntime, digestWindow, holdRows, MAX_WINDOW_MS, MIN_WINDOW_MS } from './window.js';

const T = Date.UTC(2026, 0, 5, 2, 14, 12);

describe('telling whether tocsin was down', () => {
  const cases: Array<[string, Parameters<typeof detectDowntime>[0], ReturnType<typeof detectDowntime>]> = [
    [
      'a supervisor restart, from its notice',
      { notice: { downSince: T - 7_000, reasons: ['the engine was killed by SIGKILL'] }, lastResultAt: T - 8_000, startedAt: T, intervals: [1_000] },
      { downSince: T - 7_000, backAt: T, reason: 'the engine was killed by SIGKILL' },
    ],
    [
      'a crash loop, naming every reason',
      { notice: { downSince: T - 9_000, reasons: ['exit code 1', 'exit code 1'] }, lastResultAt: undefined, startedAt: T, intervals: [] },
      { downSince: T - 9_000, backAt: T, reason: 'exit code 1; then exit code 1' },
    ],
    [
      'a host that was off for an hour, from the hole in the results',
      { lastResultAt: T - 3_600_000, startedAt: T, intervals: [60_000, 300_000] },
      { downSince: T - 3_600_000, backAt: T, reason: 'tocsin was not running' },
    ],
    [
      'a restart loop gathers nothing: an engine of this outage already came back',
      { notice: { downSince: T - 9_000, reasons: ['memory grew to 600 MB'], cameBack: true }, lastResultAt: T - 8_000, startedAt: T, intervals: [1_000] },
      undefined,
    ],
    ['a quick restart by hand is not a downtime', { lastResultAt: T - 20_000, startedAt: T, intervals: [60_000] }, undefined],
    ['a first start has nothing to compare', { lastResultAt: undefined, startedAt: T, intervals: [60_000] }, undefined],
  ];
  it.each(cases)('%s', (_name, facts, expected) => {
    expect(detectDowntime(facts)).toEqual(expected);
  });
});

describe('the gathering window', () => {
  const downtime = { downSince: T - 7_000, backAt: T, reason: 'x' };
  it('lasts two of the longest intervals, between 10 s and a minute', () => {
    expect(digestWindow(downtime, [1_000]).until - T).toBe(MIN_WINDOW_MS);
    expect(digestWindow(downtime, [20_000]).until - T).toBe(42_000);
    expect(digestWindow(downtime, [300_000]).until - T).toBe(MAX_WINDOW_MS);
  });

  it('holds rows after its end so the fold comes first', () => {
    const window = digestWindow(downtime, [1_000]);
    expect(window.heldAt).toBeGreaterThan(window.until);
  });
});

describe('holding notifications during the window', () => {
  const window = digestWindow({ downSince: T - 7_000, backAt: T, reason: 'x' }, [1_000]);
  const row = (event: NotificationEvent, createdAt: number): OutboxInsert => ({
    id: `n-${event}-${createdAt}`,
    dedupKey: event,
    channel: 'ops',
    monitorId: 'db',
    notification: notification(event),
    createdAt,
  });

  it('holds state changes of monitors made inside it', () => {
    expect(holdRows([row('monitor.down', T + 2_000), row('monitor.up', T + 3_000)], window).map((r) => r.createdAt)).toEqual([window.heldAt, window.heldAt]);
  });

  it("lets acknowledgements, tocsin's own notices and later rows go at once", () => {
    const rows = [row('monitor.acknowledged', T + 1_000), row('tocsin.self', T + 1_000), row('monitor.down', window.until)];
    expect(holdRows(rows, window)).toEqual(rows);
  });
});

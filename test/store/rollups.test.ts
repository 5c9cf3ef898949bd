import { expect, it } from 'vitest';
import { insertResults, type ResultRow } from '../../src/store/results.js';
import { readMinuteRollups, readRollups, rollUp, rollupWatermark, uptimePercent } from '../../src/store/rollups.js';
import type { Status } from '../../src/core/types.js';
import { describeStore } from './dialects.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const DAY0 = Date.UTC(2024, 2, 10);

function result(monitorId: string, at: number, status: Status, latencyMs: number, missed = false): ResultRow {
  return { monitorId, at, status, latencyMs, message: status, timings: { total: latencyMs }, missed };
}

/**
 * Hour 10 of DAY0 for "web": 20 runs with latencies 10, 20, … 200 ms, of which 2 degraded and 3 down.
 * Nearest rank: p50 is the 10th value (100 ms), p95 the 19th (190 ms), max 200 ms; uptime 17/20 = 85 %.
 */
const webHour10 = Array.from({ length: 20 }, (_, i) => result('web', DAY0 + 10 * HOUR + i * 60_000, i < 3 ? 'down' : i < 5 ? 'degraded' : 'up', (20 - i) * 10));
/** Hour 11: 3 runs, 5, 7 and 6 ms, plus one missed run whose 0 ms must not count as a latency. */
const webHour11 = [
  result('web', DAY0 + 11 * HOUR, 'up', 5),
  result('web', DAY0 + 11 * HOUR + 1, 'up', 7),
  result('web', DAY0 + 11 * HOUR + 2, 'up', 6),
  result('web', DAY0 + 11 * HOUR + 3, 'down', 0, true),
];
/** The last millisecond of the day, and the first of the next. */
const edges = [result('web', DAY0 + DAY - 1, 'up', 30), result('web', DAY0 + DAY, 'up', 40)];
const db1 = [result('db', DAY0 + 10 * HOUR + 5, 'down', 5000)];

describeStore('rollups', (store) => {
  it('rolls up completed hours and days with nearest-rank percentiles and uptime', async () => {
    const db = store().db;
    await insertResults(db, [...webHour10, ...webHour11, ...edges, ...db1]);
    const written = await rollUp(db, DAY0 + DAY + 30 * 60_000);
    // Of 24 minutes with results only one (11:00, four results) gets a row: each of the others is its one result.
    expect(written).toEqual({ minute: 1, hour: 4, day: 2 });
    const minutes = await readMinuteRollups(db, 'web', DAY0, DAY0 + 2 * DAY);
    expect(minutes.map((m) => m.bucket)).toEqual([...webHour10.map((r) => r.at), DAY0 + 11 * HOUR, DAY0 + DAY - 60_000, DAY0 + DAY]);
    expect(minutes[0]).toEqual({
      monitorId: 'web',
      period: 'minute',
      bucket: DAY0 + 10 * HOUR,
      count: 1,
      up: 0,
      degraded: 0,
      down: 1,
      unknown: 0,
      excluded: 0,
      latencyP50: 200,
      latencyP95: 200,
      latencyMax: 200,
    });
    expect(minutes[20]).toMatchObject({ count: 4, up: 3, down: 1, latencyP50: 6, latencyP95: 7, latencyMax: 7 });

    const hours = await readRollups(db, 'web', 'hour', DAY0, DAY0 + 2 * DAY);
    expect(hours).toEqual([
      {
        monitorId: 'web',
        period: 'hour',
        bucket: DAY0 + 10 * HOUR,
        count: 20,
        up: 15,
        degraded: 2,
        down: 3,
        unknown: 0,
        excluded: 0,
        latencyP50: 100,
        latencyP95: 190,
        latencyMax: 200,
      },
      {
        monitorId: 'web',
        period: 'hour',
        bucket: DAY0 + 11 * HOUR,
        count: 4,
        up: 3,
        degraded: 0,
        down: 1,
        unknown: 0,
        excluded: 0,
        latencyP50: 6,
        latencyP95: 7,
        latencyMax: 7,
      },
      {
        monitorId: 'web',
        period: 'hour',
        bucket: DAY0 + 23 * HOUR,
        count: 1,
        up: 1,
        degraded: 0,
        down: 0,
        unknown: 0,
        excluded: 0,
        latencyP50: 30,
        latencyP95: 30,
        latencyMax: 30,
      },
    ]);
    expect(uptimePercent(hours[0]!)).toBe(85);
    expect(uptimePercent(hours[1]!)).toBe(75);

    // The day: 25 runs, 24 measured latencies; sorted 5, 6, 7, 10, 20, 30, 30, 40 … 200.
    // p50 is rank ceil(0.5 · 24) = 12: 80 ms; p95 is rank ceil(0.95 · 24) = 23: 190 ms.
    const [day] = await readRollups(db, 'web', 'day', DAY0, DAY0 + DAY);
    expect(day).toEqual({
      monitorId: 'web',
      period: 'day',
      bucket: DAY0,
      count: 25,
      up: 19,
      degraded: 2,
      down: 4,
      unknown: 0,
      excluded: 0,
      latencyP50: 80,
      latencyP95: 190,
      latencyMax: 200,
    });
    expect(await readRollups(db, 'db', 'day', DAY0, DAY0 + DAY)).toMatchObject([{ count: 1, down: 1, latencyP50: 5000 }]);
    // The hour still in progress (DAY0 + 24 h) is left for later.
    expect(await readRollups(db, 'web', 'hour', DAY0 + DAY, DAY0 + 2 * DAY)).toEqual([]);
    expect(await rollupWatermark(db, 'hour')).toBe(DAY0 + DAY);
    expect(await rollupWatermark(db, 'day')).toBe(DAY0 + DAY);
  });

  it('changes nothing when run again, and rolls up only what completed since', async () => {
    const db = store().db;
    await insertResults(db, [...webHour10, ...edges]);
    await rollUp(db, DAY0 + DAY + 1);
    const before = await db.selectFrom('rollups').selectAll().orderBy('bucket').orderBy('period').execute();
    expect(await rollUp(db, DAY0 + DAY + 2)).toEqual({ minute: 0, hour: 0, day: 0 });
    expect(await db.selectFrom('rollups').selectAll().orderBy('bucket').orderBy('period').execute()).toEqual(before);

    expect(await rollUp(db, DAY0 + DAY + HOUR)).toEqual({ minute: 0, hour: 1, day: 0 });
    expect(await readMinuteRollups(db, 'web', DAY0 + DAY, DAY0 + 2 * DAY)).toMatchObject([{ bucket: DAY0 + DAY, count: 1, latencyP50: 40 }]);
    expect(await readRollups(db, 'web', 'hour', DAY0 + DAY, DAY0 + 2 * DAY)).toMatchObject([{ count: 1, latencyP50: 40 }]);
  });

  it('does nothing and sets no watermark before the first result', async () => {
    expect(await rollUp(store().db, DAY0)).toEqual({ minute: 0, hour: 0, day: 0 });
    expect(await rollupWatermark(store().db, 'hour')).toBeUndefined();
    expect(await rollupWatermark(store().db, 'minute')).toBeUndefined();
  });

  it('skips a long quiet stretch and moves the watermark to the last completed bucket', async () => {
    const db = store().db;
    await insertResults(db, [result('web', DAY0, 'up', 1), result('web', DAY0 + 90 * DAY + 5, 'up', 2)]);
    expect(await rollUp(db, DAY0 + 200 * DAY)).toEqual({ minute: 0, hour: 2, day: 2 });
    expect(await rollupWatermark(db, 'hour')).toBe(DAY0 + 200 * DAY);
    expect(await rollupWatermark(db, 'day')).toBe(DAY0 + 200 * DAY);
  });

  it('waits settleMs after a bucket ends before rolling it up', async () => {
    const db = store().db;
    await insertResults(db, webHour10);
    expect(await rollUp(db, DAY0 + 11 * HOUR + 30_000, { settleMs: 60_000 })).toEqual({ minute: 0, hour: 0, day: 0 });
    expect(await rollupWatermark(db, 'minute')).toBe(DAY0 + 11 * HOUR - 60_000);
    expect(await readMinuteRollups(db, 'web', DAY0, DAY0 + DAY)).toHaveLength(20);
    expect(await rollUp(db, DAY0 + 11 * HOUR + 60_000, { settleMs: 60_000 })).toEqual({ minute: 0, hour: 1, day: 0 });
  });
});

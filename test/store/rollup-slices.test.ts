import { expect, it } from 'vitest';
import type { Status } from '../../src/core/types.js';
import { insertResults, type ResultRow } from '../../src/store/results.js';
import { prune } from '../../src/store/retention.js';
import { aggregate, aggregateInSlices, type Aggregate } from '../../src/store/rollup-query.js';
import { readRollups, rollUp } from '../../src/store/rollups.js';
import { describeStore } from './dialects.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const DAY0 = Date.UTC(2024, 2, 10);
const STATUSES: Status[] = ['up', 'up', 'up', 'degraded', 'down', 'unknown'];
/** PostgreSQL on the shared test machine (load 30) runs these in 20–30 s. */
const SLOW = { timeout: 90_000 };

/** Monitor i has i % 13 results in hour 10 of DAY0 (some none), with statuses and latencies that vary. */
function history(monitors: number): ResultRow[] {
  return Array.from({ length: monitors }, (_, i) =>
    Array.from({ length: i % 13 }, (_, j) => {
      const status = STATUSES[(i + j) % STATUSES.length]!;
      const latencyMs = ((i * 7 + j * 11) % 50) + 1;
      return {
        monitorId: `m${i}`,
        at: DAY0 + 10 * HOUR + j * 4 * MINUTE + (i % 60),
        status,
        latencyMs,
        message: status,
        timings: { total: latencyMs },
        missed: (i + j) % 17 === 0,
      };
    }),
  ).flat();
}

const byKey = (a: Aggregate, b: Aggregate) => a.monitor_key - b.monitor_key || a.bucket - b.bucket;

/** Counts the turns of the event loop while `work` runs: none when it holds the thread from start to end. */
async function turnsDuring<T>(work: () => Promise<T>): Promise<{ value: T; turns: number }> {
  let turns = 0;
  let running = true;
  const spin = () => {
    if (!running) return;
    turns += 1;
    setImmediate(spin);
  };
  setImmediate(spin);
  const value = await work();
  running = false;
  return { value, turns };
}

describeStore('rollups in slices of monitors', (store, dialect) => {
  it('aggregates slice by slice, each bounded and after a turn of the event loop, to exactly the one-piece result', SLOW, async () => {
    const db = store().db;
    await insertResults(db, history(120));
    const from = DAY0;
    const to = DAY0 + DAY;
    for (const grain of ['minute', 'hour', 'day'] as const) {
      const whole = await aggregate(db, grain, from, to);
      const slices: Aggregate[][] = [];
      let turned = true;
      await aggregateInSlices(
        db,
        grain,
        from,
        to,
        async (rows) => {
          // A turn of the loop lies between two slices: what was queued during the last one has run.
          expect(turned).toBe(true);
          turned = false;
          setImmediate(() => (turned = true));
          slices.push(rows);
        },
        30,
      );
      expect(slices.length).toBeGreaterThan(5);
      // A slice is sized by the results per monitor of the one before: about 30, more where sparse monitors give way to dense ones.
      for (const rows of slices) expect(rows.reduce((sum, r) => sum + r.count, 0)).toBeLessThanOrEqual(90);
      expect(slices.flat().sort(byKey)).toEqual(whole.sort(byKey));
      expect(whole.length).toBeGreaterThan(100);
    }
  });

  it('rolls up an hour of 1,200 monitors with the event loop turning in between, as rolled up in one piece', SLOW, async () => {
    const db = store().db;
    await insertResults(db, history(1_200));
    const { value: written, turns } = await turnsDuring(() => rollUp(db, DAY0 + DAY + HOUR));
    if (dialect === 'sqlite') expect(turns).toBeGreaterThan(2);
    expect(written.hour).toBe(1_200 - Math.ceil(1_200 / 13));
    const hours = await readRollups(db, 'm14', 'hour', DAY0, DAY0 + DAY);
    const mine = history(1_200).filter((r) => r.monitorId === 'm14');
    expect(hours).toHaveLength(1);
    expect(hours[0]).toMatchObject({ bucket: DAY0 + 10 * HOUR, count: mine.length, up: mine.filter((r) => r.status === 'up').length });
  });

  it('prunes in batches with the event loop turning in between', SLOW, async () => {
    const db = store().db;
    await insertResults(db, history(300));
    await rollUp(db, DAY0 + DAY + HOUR);
    const rows = history(300).length;
    const { value, turns } = await turnsDuring(() => prune(db, DAY0 + 30 * DAY, { rawMs: 14 * DAY, rollupsMs: 400 * DAY, batchSize: 100 }));
    expect(value.results).toBe(rows);
    if (dialect === 'sqlite') expect(turns).toBeGreaterThan(Math.floor(rows / 100) - 1);
  });
});

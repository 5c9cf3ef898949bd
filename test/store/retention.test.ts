import { expect, it } from 'vitest';
import { prune } from '../../src/store/retention.js';
import { insertResults, type ResultRow } from '../../src/store/results.js';
import { readRollups, rollUp, writeRollups } from '../../src/store/rollups.js';
import type { Db } from '../../src/store/schema.js';
import { describeStore } from './dialects.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = Date.UTC(2024, 5, 1, 12, 30);
const RAW = 14 * DAY;
const ROLLUPS = 400 * DAY;

const result = (monitorId: string, at: number): ResultRow => ({
  monitorId,
  at,
  status: 'up',
  latencyMs: 1,
  message: 'ok',
  timings: {},
});

const count = async (db: Db, table: 'results' | 'rollups' | 'hourly_rollups') =>
  Number(
    (
      await db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describeStore('retention', (current) => {
  it('deletes raw results older than the raw retention and keeps the one exactly at the edge', async () => {
    const db = current().db;
    await insertResults(db, [result('a', NOW - RAW - 1), result('a', NOW - RAW), result('a', NOW - 1)]);
    await rollUp(db, NOW);
    expect(await prune(db, NOW, { rawMs: RAW, rollupsMs: ROLLUPS })).toMatchObject({ results: 1, rollups: 0 });
    const left = await db.selectFrom('results').select('at').orderBy('at').execute();
    expect(left.map((r) => r.at)).toEqual([NOW - RAW, NOW - 1]);
  });

  it('deletes rollups older than their retention, hourly and daily alike', async () => {
    const db = current().db;
    const bucket = (at: number, period: 'hour' | 'day') => ({
      monitorId: 'a',
      period,
      bucket: at,
      count: 1,
      up: 1,
      degraded: 0,
      down: 0,
      latencyP50: 1,
      latencyP95: 1,
      latencyMax: 1,
    });
    // Hours go by whole days: the day before the cutoff's day goes, the cutoff's own day stays.
    const cutoffDay = Math.floor((NOW - ROLLUPS) / DAY) * DAY;
    await writeRollups(db, [bucket(cutoffDay - HOUR, 'hour'), bucket(cutoffDay - DAY, 'day'), bucket(cutoffDay, 'hour'), bucket(cutoffDay + DAY, 'day')]);
    expect(await prune(db, NOW, { rawMs: RAW, rollupsMs: ROLLUPS })).toMatchObject({ results: 0, rollups: 2 });
    expect(await count(db, 'rollups')).toBe(1);
    expect(await count(db, 'hourly_rollups')).toBe(1);
  });

  it('keeps hourly rollups for retention.hourly and daily ones for retention.rollups', async () => {
    const db = current().db;
    const HOURLY = 90 * DAY;
    const bucket = (at: number, period: 'hour' | 'day', monitor = 'a') => ({
      monitorId: monitor,
      period,
      bucket: at,
      count: 1,
      up: 1,
      degraded: 0,
      down: 0,
      latencyP50: 1,
      latencyP95: 1,
      latencyMax: 1,
    });
    // Hours are stored a day to a row and go once the whole day is past retention.hourly.
    const edgeDay = Math.floor((NOW - HOURLY) / DAY) * DAY;
    await writeRollups(db, [
      bucket(edgeDay - HOUR, 'hour'),
      bucket(edgeDay - DAY, 'day'),
      bucket(edgeDay - HOUR, 'hour', 'b'),
      bucket(edgeDay, 'hour'),
      bucket(edgeDay + 23 * HOUR, 'hour'),
      bucket(Math.floor((NOW - ROLLUPS) / DAY) * DAY - DAY, 'day'),
    ]);
    expect(await prune(db, NOW, { rawMs: RAW, rollupsMs: ROLLUPS, hourlyMs: HOURLY, batchSize: 1 })).toMatchObject({ results: 0, rollups: 3 });
    expect(await db.selectFrom('rollups').select(['period', 'bucket']).execute()).toEqual([{ period: 'day', bucket: edgeDay - DAY }]);
    expect(await readRollups(db, 'a', 'hour', 0, NOW)).toMatchObject([{ bucket: edgeDay }, { bucket: edgeDay + 23 * HOUR }]);
    expect(await readRollups(db, 'b', 'hour', 0, NOW)).toEqual([]);
  });

  // PostgreSQL under the shared machine's load took 23–29 s for this one, near the 30 s default.
  it('works through a large delete in small batches, even when thousands of rows share a timestamp', { timeout: 90_000 }, async () => {
    const db = current().db;
    const old = Array.from({ length: 2_500 }, (_, i) => result(`m${i % 1_000}`, NOW - RAW - 1 - Math.floor(i / 1_000)));
    await insertResults(db, [...old, result('m1', NOW - 1)]);
    await rollUp(db, NOW);
    const before = await count(db, 'rollups');
    expect(await prune(db, NOW, { rawMs: RAW, rollupsMs: ROLLUPS, batchSize: 300 })).toMatchObject({ results: 2_500, rollups: 0 });
    expect(await count(db, 'results')).toBe(1);
    expect(await count(db, 'rollups')).toBe(before);
  });

  it('keeps raw results that have not been rolled up yet, however old', async () => {
    const db = current().db;
    await insertResults(db, [result('a', NOW - 30 * DAY)]);
    expect(await prune(db, NOW, { rawMs: RAW, rollupsMs: ROLLUPS })).toMatchObject({ results: 0, rollups: 0 });
    await rollUp(db, NOW);
    expect(await prune(db, NOW, { rawMs: RAW, rollupsMs: ROLLUPS })).toMatchObject({ results: 1, rollups: 0 });
  });
});

describeStore('retention of successes, failures and minutes', (current) => {
  const at = (minutesAgo: number) => NOW - minutesAgo * 60_000;

  it('drops routine successes after retention.successes and keeps failures and changes for retention.raw', async () => {
    const db = current().db;
    // Three days ago: up (first: a change), up, down (failure), up (change back), up; then one result now.
    const old = [3 * 1440 + 4, 3 * 1440 + 3, 3 * 1440 + 2, 3 * 1440 + 1, 3 * 1440].map((m) => at(m));
    await insertResults(db, [
      result('a', old[0]!),
      result('a', old[1]!),
      { ...result('a', old[2]!), status: 'down', message: 'refused' },
      result('a', old[3]!),
      result('a', old[4]!),
      result('a', at(1)),
    ]);
    await rollUp(db, NOW);
    const pruned = await prune(db, NOW, { rawMs: RAW, successesMs: DAY, minuteMs: 2 * DAY, rollupsMs: ROLLUPS });
    expect(pruned).toMatchObject({ results: 2 });
    const left = await db.selectFrom('results').select('at').orderBy('at').execute();
    expect(left.map((r) => r.at)).toEqual([old[0], old[2], old[3], at(1)]);
    // The next round starts where this one stopped and still finds the routine rows after it.
    await insertResults(db, [result('a', at(10)), result('a', at(9))]);
    await rollUp(db, NOW + DAY);
    expect(await prune(db, NOW + DAY, { rawMs: RAW, successesMs: DAY, minuteMs: 2 * DAY, rollupsMs: ROLLUPS })).toMatchObject({ results: 3 });
    const later = await db.selectFrom('results').select('at').orderBy('at').execute();
    expect(later.map((r) => r.at)).toEqual([old[0], old[2], old[3]]);
  });

  it('counts uptime from minute rollups once routine successes are gone, not from the failures left', async () => {
    const db = current().db;
    const { uptimeOf } = await import('../../src/store/uptime.js');
    // One result a minute for 3 hours ending 2 days ago: 179 up and 1 down.
    const start = NOW - 2 * DAY - 3 * HOUR;
    await insertResults(
      db,
      Array.from({ length: 180 }, (_, i) => (i === 90 ? { ...result('a', start + i * 60_000), status: 'down' as const } : result('a', start + i * 60_000))),
    );
    await rollUp(db, NOW);
    // A window that starts and ends inside hours: minute rollups cover the edges.
    const from = start + 30 * 60_000;
    const to = start + 150 * 60_000;
    const before = await uptimeOf(db, 'a', from, to);
    await prune(db, NOW, { rawMs: RAW, successesMs: DAY, minuteMs: 3 * DAY, rollupsMs: ROLLUPS });
    expect(await uptimeOf(db, 'a', from, to)).toEqual(before);
    expect(before).toMatchObject({ up: 119, down: 1 });
  });

  it('deletes minute rollups after retention.minute', async () => {
    const db = current().db;
    // Two results a minute: minutes of one result have no row of their own (rollups.ts).
    await insertResults(db, [result('a', NOW - 3 * DAY), result('a', NOW - 3 * DAY + 1), result('a', NOW - DAY), result('a', NOW - DAY + 1)]);
    await rollUp(db, NOW - 2 * DAY - HOUR);
    await rollUp(db, NOW);
    expect(
      Number(
        (
          await db
            .selectFrom('minute_rollups')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    ).toBe(2);
    expect(await prune(db, NOW, { rawMs: RAW, minuteMs: 2 * DAY, rollupsMs: ROLLUPS })).toMatchObject({ minutes: 1 });
  });
});

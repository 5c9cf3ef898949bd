/**
 * Per-minute, hourly and daily aggregates of raw results, computed once per completed UTC bucket.
 * Minutes go to minute_rollups (keyed and sized like results); hours and days to rollups, by monitor
 * id. Watermarks in meta record how far each has been rolled up, so a rerun finds nothing new and
 * changes nothing. All three are computed from raw results: percentiles do not add up.
 */
import type { Insertable, Selectable } from 'kysely';
import { getMeta, setMeta } from './meta.js';
import { findKeys, idsOfKeys } from './monitor-keys.js';
import { aggregate, type Aggregate } from './rollup-query.js';
import { bucketStart, GRAIN_MS, type Grain } from './rollup-math.js';
import type { Db, MinuteRollupsTable, RollupPeriod, RollupsTable } from './schema.js';
import { inTransaction } from './tx.js';

export { uptimePercent, nearestRank, percentile, bucketStart, PERIOD_MS, GRAIN_MS, type Grain } from './rollup-math.js';

export interface RollupRow {
  monitorId: string;
  period: Grain;
  bucket: number;
  count: number;
  up: number;
  degraded: number;
  down: number;
  unknown: number;
  /** Results that do not count towards uptime, whatever their status; up … unknown count the others. */
  excluded: number;
  latencyP50: number | null;
  latencyP95: number | null;
  latencyMax: number | null;
}

export interface RollUpOptions {
  /**
   * Treat a bucket as complete only this long after it ends, for results written late (the engine
   * batches its writes). Default 0: a bucket is complete the moment it ends.
   */
  settleMs?: number;
}

/** How many buckets one transaction covers: an hour of minutes, a day of hours, or one day. Bounds lock time on a long backlog. */
const BUCKETS_PER_STEP: Record<Grain, number> = { minute: 60, hour: 24, day: 1 };
/**
 * Minutes start at most this far back on a store that never had them (one upgraded from before
 * minute rollups): older minutes would be pruned by retention.minute as soon as they were written.
 */
const MINUTE_BACKFILL_MS = 2 * 86_400_000;

/** Rolls up every completed minute, hour and day after the watermarks. Returns the rows written per grain. */
export async function rollUp(db: Db, now: number, options: RollUpOptions = {}): Promise<Record<Grain, number>> {
  const until = now - (options.settleMs ?? 0);
  return {
    minute: await rollUpGrain(db, 'minute', until),
    hour: await rollUpGrain(db, 'hour', until),
    day: await rollUpGrain(db, 'day', until),
  };
}

async function rollUpGrain(db: Db, grain: Grain, now: number): Promise<number> {
  const end = bucketStart(now, grain);
  const stored = await rollupWatermark(db, grain);
  let start = stored === undefined && grain === 'minute' ? bucketStart(now - MINUTE_BACKFILL_MS, 'minute') : stored;
  let written = 0;
  // Each pass either advances `start` by at least one bucket or stops, so the loop ends.
  for (;;) {
    const next = await firstResultAt(db, start ?? Number.MIN_SAFE_INTEGER, end);
    if (next === undefined) {
      // No watermark before the first result: results written later for earlier times must still be rolled up.
      const seen = stored !== undefined || written > 0 || (await firstResultAt(db, Number.MIN_SAFE_INTEGER, end)) !== undefined;
      if (start !== undefined && start < end && seen) await setWatermark(db, grain, end);
      return written;
    }
    // Skip empty stretches (a stopped instance, pruned history) without a query per empty bucket.
    const from = Math.max(start ?? -Infinity, bucketStart(next, grain));
    const to = Math.min(end, from + BUCKETS_PER_STEP[grain] * GRAIN_MS[grain]);
    written += await inTransaction(db, async (trx) => {
      const rows = await aggregate(trx, grain, from, to);
      if (grain === 'minute') await upsertMinutes(trx, rows);
      else await upsertRollups(trx, await byMonitorId(trx, grain, rows));
      await setWatermark(trx, grain, to);
      return rows.length;
    });
    start = to;
  }
}

async function firstResultAt(db: Db, from: number, to: number): Promise<number | undefined> {
  const row = await db
    .selectFrom('results')
    .select((eb) => eb.fn.min('at').as('first'))
    .where('at', '>=', from)
    .where('at', '<', to)
    .executeTakeFirst();
  return row?.first === null || row?.first === undefined ? undefined : Number(row.first);
}

/** Hourly and daily rollups name the monitor by id and give latencies in ms, as they always have. */
async function byMonitorId(db: Db, period: RollupPeriod, rows: readonly Aggregate[]): Promise<Insertable<RollupsTable>[]> {
  const ids = await idsOfKeys(db, [...new Set(rows.map((r) => r.monitor_key))]);
  const ms = (us: number | null) => (us === null ? null : us / 1000);
  return rows.flatMap((r) => {
    const monitorId = ids.get(r.monitor_key);
    // A key without an id belongs to a purged monitor whose rows retention has not reached yet.
    if (monitorId === undefined) return [];
    const { monitor_key: _key, latency_p50_us, latency_p95_us, latency_max_us, ...counts } = r;
    return [{ ...counts, monitor_id: monitorId, period, latency_p50: ms(latency_p50_us), latency_p95: ms(latency_p95_us), latency_max: ms(latency_max_us) }];
  });
}

/** 11 columns per row, under SQLite's 32766 bound parameters per statement. */
const MINUTES_PER_STATEMENT = 2500;

async function upsertMinutes(db: Db, rows: readonly Insertable<MinuteRollupsTable>[]): Promise<void> {
  for (let start = 0; start < rows.length; start += MINUTES_PER_STATEMENT) {
    await db
      .insertInto('minute_rollups')
      .values(rows.slice(start, start + MINUTES_PER_STATEMENT))
      .onConflict((oc) =>
        oc.columns(['monitor_key', 'bucket']).doUpdateSet((eb) => ({
          count: eb.ref('excluded.count'),
          up: eb.ref('excluded.up'),
          degraded: eb.ref('excluded.degraded'),
          down: eb.ref('excluded.down'),
          unknown: eb.ref('excluded.unknown'),
          excluded: eb.ref('excluded.excluded'),
          latency_p50_us: eb.ref('excluded.latency_p50_us'),
          latency_p95_us: eb.ref('excluded.latency_p95_us'),
          latency_max_us: eb.ref('excluded.latency_max_us'),
        })),
      )
      .execute();
  }
}

/** Upper edge (exclusive) of what `period` has been rolled up to, or undefined before the first rollup. */
export async function rollupWatermark(db: Db, period: Grain): Promise<number | undefined> {
  const value = await getMeta(db, watermarkKey(period));
  return value === undefined ? undefined : Number(value);
}

function setWatermark(db: Db, period: Grain, at: number): Promise<void> {
  return setMeta(db, watermarkKey(period), String(at));
}

function watermarkKey(period: Grain): string {
  return `rollups.${period}.watermark`;
}

/** 12 columns per row, under SQLite's 32766 bound parameters per statement. */
const ROWS_PER_STATEMENT = 2500;

async function upsertRollups(db: Db, rows: readonly Insertable<RollupsTable>[]): Promise<void> {
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
    await db
      .insertInto('rollups')
      .values(rows.slice(start, start + ROWS_PER_STATEMENT))
      .onConflict((oc) =>
        oc.columns(['monitor_id', 'period', 'bucket']).doUpdateSet((eb) => ({
          count: eb.ref('excluded.count'),
          up: eb.ref('excluded.up'),
          degraded: eb.ref('excluded.degraded'),
          down: eb.ref('excluded.down'),
          unknown: eb.ref('excluded.unknown'),
          excluded: eb.ref('excluded.excluded'),
          latency_p50: eb.ref('excluded.latency_p50'),
          latency_p95: eb.ref('excluded.latency_p95'),
          latency_max: eb.ref('excluded.latency_max'),
        })),
      )
      .execute();
  }
}

/** One monitor's rollups with bucket in [from, to), oldest first. */
export async function readRollups(db: Db, monitorId: string, period: RollupPeriod, from: number, to: number): Promise<RollupRow[]> {
  const rows = await db
    .selectFrom('rollups')
    .selectAll()
    .where('monitor_id', '=', monitorId)
    .where('period', '=', period)
    .where('bucket', '>=', from)
    .where('bucket', '<', to)
    .orderBy('bucket')
    .execute();
  return rows.map(fromRecord);
}

function fromRecord(row: Selectable<RollupsTable>): RollupRow {
  return {
    monitorId: row.monitor_id,
    period: row.period,
    bucket: row.bucket,
    count: row.count,
    up: row.up,
    degraded: row.degraded,
    down: row.down,
    unknown: row.unknown,
    excluded: row.excluded,
    latencyP50: row.latency_p50,
    latencyP95: row.latency_p95,
    latencyMax: row.latency_max,
  };
}

/** One monitor's minute rollups with bucket in [from, to), oldest first, latencies in ms like the others. */
export async function readMinuteRollups(db: Db, monitorId: string, from: number, to: number): Promise<RollupRow[]> {
  const key = (await findKeys(db, [monitorId])).get(monitorId);
  if (key === undefined) return [];
  const rows = await db
    .selectFrom('minute_rollups')
    .selectAll()
    .where('monitor_key', '=', key)
    .where('bucket', '>=', from)
    .where('bucket', '<', to)
    .orderBy('bucket')
    .execute();
  const ms = (us: number | null) => (us === null ? null : us / 1000);
  return rows.map((r) => ({
    monitorId,
    period: 'minute',
    bucket: Number(r.bucket),
    count: r.count,
    up: r.up,
    degraded: r.degraded,
    down: r.down,
    unknown: r.unknown,
    excluded: r.excluded,
    latencyP50: ms(r.latency_p50_us),
    latencyP95: ms(r.latency_p95_us),
    latencyMax: ms(r.latency_max_us),
  }));
}

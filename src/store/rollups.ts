/**
 * Per-minute, hourly and daily aggregates of raw results, computed once per completed UTC bucket.
 * Minutes go to minute_rollups (one packed row per monitor-hour), hours to hourly_rollups (one per
 * monitor-day: packed-rollups.ts), days to rollups. Watermarks in meta record how far each has been rolled up, so a rerun finds nothing new and
 * changes nothing. All three are computed from raw results: percentiles do not add up.
 */
import type { Selectable } from 'kysely';
import { getMeta, setMeta } from './meta.js';
import { ensureKeys, findKeys } from './monitor-keys.js';
import { readPacked, writePacked } from './packed-rollups.js';
import { aggregateInSlices, type Aggregate } from './rollup-query.js';
import { bucketStart, GRAIN_MS, nearestRank, type Grain } from './rollup-math.js';
import { EXCLUDED, MISSED, STATUS_MASK } from './result-codec.js';
import type { Db, RollupPeriod, RollupsTable } from './schema.js';
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
    // A slice of monitors at a time, each written in its own transaction, with a turn of the event loop
    // between: one piece held the engine's thread for seconds at 50,000 monitors (BENCHMARKS.md).
    // The watermark moves once every slice is written; a run cut short rewrites the same rows.
    await aggregateInSlices(db, grain, from, to, async (rows) => {
      // A minute with one result is that result: its raw row stands in for the minute until retention
      // prunes it, and prune() writes the minute row then (retention.ts). At a 60 s interval that is
      // every minute: no second copy of each result for as long as raw results are kept.
      const kept = grain === 'minute' ? rows.filter((r) => r.count > 1) : rows;
      if (kept.length > 0) await inTransaction(db, (trx) => upsertRollups(trx, grain, kept));
      written += kept.length;
    });
    await setWatermark(db, grain, to);
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

async function upsertRollups(db: Db, period: Grain, rows: readonly Aggregate[]): Promise<void> {
  if (period !== 'day') return writePacked(db, period, rows);
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
    await db
      .insertInto('rollups')
      .values(rows.slice(start, start + ROWS_PER_STATEMENT).map((r) => ({ ...r, period })))
      .onConflict((oc) =>
        oc.columns(['monitor_key', 'period', 'bucket']).doUpdateSet((eb) => ({
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

/** Writes rollup rows as given, for fixtures and imports: the monitor by id, latencies in ms. */
export async function writeRollups(
  db: Db,
  rows: readonly (Omit<RollupRow, 'unknown' | 'excluded'> & { unknown?: number; excluded?: number })[],
): Promise<void> {
  if (rows.length === 0) return;
  const keys = await ensureKeys(
    db,
    rows.map((r) => r.monitorId),
  );
  const us = (ms: number | null) => (ms === null ? null : Math.round(ms * 1000));
  for (const grain of ['minute', 'hour', 'day'] as const) {
    const keyed: Aggregate[] = rows
      .filter((r) => r.period === grain)
      .map((r) => ({
        monitor_key: keys.get(r.monitorId)!,
        bucket: r.bucket,
        count: r.count,
        up: r.up,
        degraded: r.degraded,
        down: r.down,
        unknown: r.unknown ?? 0,
        excluded: r.excluded ?? 0,
        latency_p50_us: us(r.latencyP50),
        latency_p95_us: us(r.latencyP95),
        latency_max_us: us(r.latencyMax),
      }));
    await upsertRollups(db, grain, keyed);
  }
}

/** One monitor's rollups with bucket in [from, to), oldest first. */
export async function readRollups(db: Db, monitorId: string, period: RollupPeriod, from: number, to: number): Promise<RollupRow[]> {
  const key = (await findKeys(db, [monitorId])).get(monitorId);
  if (key === undefined) return [];
  if (period === 'hour') return (await readPacked(db, 'hour', [key], from, to)).map((r) => fromRecord(monitorId, period, r));
  const rows = await db
    .selectFrom('rollups')
    .selectAll()
    .where('monitor_key', '=', key)
    .where('period', '=', period)
    .where('bucket', '>=', from)
    .where('bucket', '<', to)
    .orderBy('bucket')
    .execute();
  return rows.map((r) => fromRecord(monitorId, period, r));
}

function fromRecord(monitorId: string, period: Grain, r: Aggregate | Selectable<RollupsTable>): RollupRow {
  const ms = (us: number | null) => (us === null ? null : Number(us) / 1000);
  return {
    monitorId,
    period,
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
  };
}

/**
 * One monitor's minute rollups with bucket in [from, to), oldest first, latencies in ms like the
 * others. Minutes that held one result have no row of their own while that result is stored (see
 * rollUp): they are read from it, up to the minute watermark.
 */
export async function readMinuteRollups(db: Db, monitorId: string, from: number, to: number): Promise<RollupRow[]> {
  const key = (await findKeys(db, [monitorId])).get(monitorId);
  if (key === undefined) return [];
  const rows = await readPacked(db, 'minute', [key], from, to);
  const rolled = Math.min(to, (await rollupWatermark(db, 'minute')) ?? -Infinity);
  if (rolled > from) {
    const stored = new Set(rows.map((r) => r.bucket));
    rows.push(...(await minutesOfResults(db, key, from, rolled)).filter((m) => !stored.has(m.bucket)));
    rows.sort((a, b) => a.bucket - b.bucket);
  }
  return rows.map((r) => fromRecord(monitorId, 'minute', r));
}

/** Minute aggregates of one monitor's raw results in [from, to), by the rules of rollup-query.ts. */
async function minutesOfResults(db: Db, key: number, from: number, to: number): Promise<Aggregate[]> {
  const rows = await db
    .selectFrom('results')
    .select(['at', 'code', 'latency_us'])
    .where('monitor_key', '=', key)
    .where('at', '>=', from)
    .where('at', '<', to)
    .orderBy('at')
    .execute();
  const byMinute = new Map<number, { code: number; latency_us: number }[]>();
  for (const r of rows) {
    const bucket = bucketStart(Number(r.at), 'minute');
    byMinute.set(bucket, [...(byMinute.get(bucket) ?? []), { code: Number(r.code), latency_us: Number(r.latency_us) }]);
  }
  return [...byMinute].map(([bucket, results]) => {
    const counted = results.filter((r) => (r.code & EXCLUDED) === 0);
    const status = (s: number) => counted.filter((r) => (r.code & STATUS_MASK) === s).length;
    const latencies = results
      .filter((r) => (r.code & MISSED) === 0)
      .map((r) => r.latency_us)
      .sort((a, b) => a - b);
    const rank = (p: number) => (latencies.length === 0 ? null : latencies[nearestRank(p, latencies.length) - 1]!);
    return {
      monitor_key: key,
      bucket,
      count: results.length,
      up: status(0),
      degraded: status(1),
      down: status(2),
      unknown: status(3),
      excluded: results.length - counted.length,
      latency_p50_us: rank(50),
      latency_p95_us: rank(95),
      latency_max_us: latencies.length === 0 ? null : latencies[latencies.length - 1]!,
    };
  });
}

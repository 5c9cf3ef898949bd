/**
 * Hourly and daily aggregates of raw results, computed once per completed UTC bucket. Watermarks in
 * meta record how far each period has been rolled up, so a rerun finds nothing new and changes nothing.
 */
import type { Insertable, Selectable } from 'kysely';
import { getMeta, setMeta } from './meta.js';
import { aggregate } from './rollup-query.js';
import { bucketStart, PERIOD_MS } from './rollup-math.js';
import type { Db, RollupPeriod, RollupsTable } from './schema.js';
import { inTransaction } from './tx.js';

export { uptimePercent, nearestRank, percentile, bucketStart, PERIOD_MS } from './rollup-math.js';

export interface RollupRow {
  monitorId: string;
  period: RollupPeriod;
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

/** How many buckets one transaction covers: a day of hours, or one day. Bounds lock time on a long backlog. */
const BUCKETS_PER_STEP: Record<RollupPeriod, number> = { hour: 24, day: 1 };

/** Rolls up every completed hour and day after the watermarks. Returns the rollup rows written per period. */
export async function rollUp(db: Db, now: number, options: RollUpOptions = {}): Promise<Record<RollupPeriod, number>> {
  const until = now - (options.settleMs ?? 0);
  return { hour: await rollUpPeriod(db, 'hour', until), day: await rollUpPeriod(db, 'day', until) };
}

async function rollUpPeriod(db: Db, period: RollupPeriod, now: number): Promise<number> {
  const end = bucketStart(now, period);
  let start = await rollupWatermark(db, period);
  let written = 0;
  // Each pass either advances `start` by at least one bucket or stops, so the loop ends.
  for (;;) {
    const next = await firstResultAt(db, start ?? Number.MIN_SAFE_INTEGER, end);
    if (next === undefined) {
      if (start !== undefined && start < end) await setWatermark(db, period, end);
      return written;
    }
    // Skip empty stretches (a stopped instance, pruned history) without a query per empty bucket.
    const from = Math.max(start ?? -Infinity, bucketStart(next, period));
    const to = Math.min(end, from + BUCKETS_PER_STEP[period] * PERIOD_MS[period]);
    written += await inTransaction(db, async (trx) => {
      const rows = await aggregate(trx, period, from, to);
      await upsertRollups(trx, rows);
      await setWatermark(trx, period, to);
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
  return row?.first ?? undefined;
}

/** Upper edge (exclusive) of what `period` has been rolled up to, or undefined before the first rollup. */
export async function rollupWatermark(db: Db, period: RollupPeriod): Promise<number | undefined> {
  const value = await getMeta(db, watermarkKey(period));
  return value === undefined ? undefined : Number(value);
}

function setWatermark(db: Db, period: RollupPeriod, at: number): Promise<void> {
  return setMeta(db, watermarkKey(period), String(at));
}

function watermarkKey(period: RollupPeriod): string {
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

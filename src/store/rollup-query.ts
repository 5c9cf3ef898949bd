/**
 * The SQL that aggregates raw results into buckets, by monitor key, latencies in microseconds.
 * Portable: window functions, integer division and bitwise `&` exist in both dialects.
 */
import { sql } from 'kysely';
import { nearestRank, GRAIN_MS, type Grain } from './rollup-math.js';
import type { Slot } from './rollup-pack.js';
import type { Db } from './schema.js';

/** One bucket of one monitor: a packed slot (rollup-pack.ts) with its key and start. */
export interface Aggregate extends Slot {
  monitor_key: number;
  bucket: number;
}

/** Aggregates of every (monitor, bucket) with results in [from, to); both bounds are bucket edges. */
export async function aggregate(db: Db, grain: Grain, from: number, to: number): Promise<Aggregate[]> {
  const [counts, ranks] = await Promise.all([countRows(db, grain, from, to), percentileRows(db, grain, from, to)]);
  const byKey = new Map<string, Aggregate>();
  for (const c of counts) {
    byKey.set(`${c.monitor_key}:${c.bucket}`, {
      monitor_key: Number(c.monitor_key),
      bucket: Number(c.bucket),
      count: Number(c.count),
      up: Number(c.up),
      degraded: Number(c.degraded),
      down: Number(c.down),
      unknown: Number(c.unknown),
      excluded: Number(c.excluded),
      latency_p50_us: null,
      latency_p95_us: null,
      latency_max_us: c.latency_max_us === null ? null : Number(c.latency_max_us),
    });
  }
  for (const r of ranks) {
    const row = byKey.get(`${r.monitor_key}:${r.bucket}`);
    if (!row) continue;
    const rn = Number(r.rn);
    const n = Number(r.n);
    // One row can be both ranks (n = 1), so check each.
    if (rn === nearestRank(50, n)) row.latency_p50_us = Number(r.latency_us);
    if (rn === nearestRank(95, n)) row.latency_p95_us = Number(r.latency_us);
  }
  return [...byKey.values()];
}

/** Status is code & 3 (0 up, 1 degraded, 2 down, 3 unknown), missed code & 4, excluded code & 8: result-codec.ts. */
function bucketed(grain: Grain, from: number, to: number) {
  return sql`(select monitor_key, code & 3 as status, case when (code & 4) <> 0 then 1 else 0 end as missed,
      case when (code & 8) <> 0 then 1 else 0 end as excluded, latency_us, at - (at % ${sql.lit(GRAIN_MS[grain])}) as bucket
    from results where at >= ${from} and at < ${to})`;
}

type Numeric = number | string;

interface CountRow {
  monitor_key: Numeric;
  bucket: Numeric;
  count: Numeric;
  up: Numeric;
  degraded: Numeric;
  down: Numeric;
  unknown: Numeric;
  excluded: Numeric;
  latency_max_us: Numeric | null;
}

/**
 * Missed runs count by their recorded status but measured no latency, so latency figures skip them.
 * Excluded results (pending, maintenance) are counted apart, not by status: they are not uptime.
 */
async function countRows(db: Db, grain: Grain, from: number, to: number): Promise<CountRow[]> {
  const { rows } = await sql<CountRow>`
    select monitor_key, bucket, count(*) as count,
      sum(case when excluded = 0 and status = 0 then 1 else 0 end) as up,
      sum(case when excluded = 0 and status = 1 then 1 else 0 end) as degraded,
      sum(case when excluded = 0 and status = 2 then 1 else 0 end) as down,
      sum(case when excluded = 0 and status = 3 then 1 else 0 end) as unknown,
      sum(excluded) as excluded,
      max(case when missed = 0 then latency_us end) as latency_max_us
    from ${bucketed(grain, from, to)} r
    group by monitor_key, bucket`.execute(db);
  return rows;
}

interface RankRow {
  monitor_key: Numeric;
  bucket: Numeric;
  latency_us: Numeric;
  rn: Numeric;
  n: Numeric;
}

/** Only the rows sitting at the p50 and p95 ranks come back, not every latency of the period. */
async function percentileRows(db: Db, grain: Grain, from: number, to: number): Promise<RankRow[]> {
  const { rows } = await sql<RankRow>`
    select monitor_key, bucket, latency_us, rn, n from (
      select monitor_key, bucket, latency_us,
        row_number() over (partition by monitor_key, bucket order by latency_us) as rn,
        count(*) over (partition by monitor_key, bucket) as n
      from ${bucketed(grain, from, to)} r
      where missed = 0
    ) w
    where rn = (50 * n + 99) / 100 or rn = (95 * n + 99) / 100`.execute(db);
  return rows;
}

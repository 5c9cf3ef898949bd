/** The SQL that aggregates raw results into buckets. Portable: window functions and integer division exist in both dialects. */
import { sql, type Insertable } from 'kysely';
import { nearestRank, PERIOD_MS } from './rollup-math.js';
import type { Db, RollupPeriod, RollupsTable } from './schema.js';

/** Rollups of every (monitor, bucket) with results in [from, to); both bounds are bucket edges. */
export async function aggregate(db: Db, period: RollupPeriod, from: number, to: number): Promise<Insertable<RollupsTable>[]> {
  const [counts, ranks] = await Promise.all([countRows(db, period, from, to), percentileRows(db, period, from, to)]);
  const byKey = new Map<string, Insertable<RollupsTable>>();
  for (const c of counts) {
    byKey.set(`${c.monitor_id}\u0000${c.bucket}`, { ...c, period, latency_p50: null, latency_p95: null });
  }
  for (const r of ranks) {
    const row = byKey.get(`${r.monitor_id}\u0000${r.bucket}`);
    if (!row) continue;
    // One row can be both ranks (n = 1), so check each.
    if (r.rn === nearestRank(50, r.n)) row.latency_p50 = r.latency_ms;
    if (r.rn === nearestRank(95, r.n)) row.latency_p95 = r.latency_ms;
  }
  return [...byKey.values()];
}

function bucketed(period: RollupPeriod, from: number, to: number) {
  return sql`(select monitor_id, status, latency_ms, missed, excluded, at - (at % ${sql.lit(PERIOD_MS[period])}) as bucket
    from results where at >= ${from} and at < ${to})`;
}

interface CountRow {
  monitor_id: string;
  bucket: number;
  count: number;
  up: number;
  degraded: number;
  down: number;
  unknown: number;
  excluded: number;
  latency_max: number | null;
}

/**
 * Missed runs count by their recorded status but measured no latency, so latency figures skip them.
 * Excluded results (pending, maintenance) are counted apart, not by status: they are not uptime.
 */
async function countRows(db: Db, period: RollupPeriod, from: number, to: number): Promise<CountRow[]> {
  const { rows } = await sql<CountRow>`
    select monitor_id, bucket, count(*) as count,
      sum(case when excluded = 0 and status = 'up' then 1 else 0 end) as up,
      sum(case when excluded = 0 and status = 'degraded' then 1 else 0 end) as degraded,
      sum(case when excluded = 0 and status = 'down' then 1 else 0 end) as down,
      sum(case when excluded = 0 and status = 'unknown' then 1 else 0 end) as unknown,
      sum(excluded) as excluded,
      max(case when missed = 0 then latency_ms end) as latency_max
    from ${bucketed(period, from, to)} r
    group by monitor_id, bucket`.execute(db);
  return rows;
}

interface RankRow {
  monitor_id: string;
  bucket: number;
  latency_ms: number;
  rn: number;
  n: number;
}

/** Only the rows sitting at the p50 and p95 ranks come back, not every latency of the period. */
async function percentileRows(db: Db, period: RollupPeriod, from: number, to: number): Promise<RankRow[]> {
  const { rows } = await sql<RankRow>`
    select monitor_id, bucket, latency_ms, rn, n from (
      select monitor_id, bucket, latency_ms,
        row_number() over (partition by monitor_id, bucket order by latency_ms) as rn,
        count(*) over (partition by monitor_id, bucket) as n
      from ${bucketed(period, from, to)} r
      where missed = 0
    ) w
    where rn = (50 * n + 99) / 100 or rn = (95 * n + 99) / 100`.execute(db);
  return rows;
}

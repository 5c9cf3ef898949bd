/**
 * Uptime over any window, exact to the result (docs/states.md): whole days and hours that are
 * rolled up are read from rollups, every other stretch — the partial buckets at either end and
 * whatever is not rolled up yet — from raw results. Every screen that shows uptime calls this.
 */
import { sql } from 'kysely';
import { NO_RESULTS, sumCounts, uptimePercent, type UptimeCounts } from '../core/uptime.js';
import { getMeta } from './meta.js';
import { findKeys } from './monitor-keys.js';
import { readPacked, type PackedGrain } from './packed-rollups.js';
import { GRAIN_MS, type Grain } from './rollup-math.js';
import { rollupWatermark } from './rollups.js';
import { SUCCESSES_PRUNED_KEY } from './retention.js';
import type { Db } from './schema.js';

export type { UptimeCounts };

export interface Uptime extends UptimeCounts {
  /** Null when no result counted: "no data", not 0 % or 100 %. */
  percent: number | null;
}

export type Segment = { source: Grain | 'raw'; from: number; to: number };

/**
 * Pure: how to cover [from, to) — the largest rolled-up buckets that fit (`rolledUp[period]` is the
 * exclusive edge that period has been rolled up to), raw results for the rest.
 */
export function planSegments(
  from: number,
  to: number,
  rolledUp: Partial<Record<Grain, number>>,
  periods: readonly Grain[] = ['day', 'hour', 'minute'],
): Segment[] {
  if (from >= to) return [];
  const [period, ...finer] = periods;
  if (period === undefined) return [{ source: 'raw', from, to }];
  const size = GRAIN_MS[period];
  const first = Math.ceil(from / size) * size;
  const last = Math.min(Math.floor(to / size) * size, rolledUp[period] ?? -Infinity);
  if (first >= last) return planSegments(from, to, rolledUp, finer);
  return [...planSegments(from, first, rolledUp, finer), { source: period, from: first, to: last }, ...planSegments(last, to, rolledUp, finer)];
}

/** Ids per IN list: far under both dialects' parameter limits. */
const IDS_PER_QUERY = 500;

/** Counts per monitor over [from, to); `ids` undefined means every monitor with results. */
export async function uptimeCounts(db: Db, ids: readonly string[] | undefined, from: number, to: number): Promise<Map<string, UptimeCounts>> {
  const [day, hour, minute, pruned] = await Promise.all([
    rollupWatermark(db, 'day'),
    rollupWatermark(db, 'hour'),
    rollupWatermark(db, 'minute'),
    getMeta(db, SUCCESSES_PRUNED_KEY),
  ]);
  const rolledUp = { ...(day !== undefined && { day }), ...(hour !== undefined && { hour }), ...(minute !== undefined && { minute }) };
  // Before this edge only failures and changes are left of the raw results: counting them alone would read as downtime.
  const rawFrom = pruned === undefined ? -Infinity : Number(pruned);
  // Minutes are read from rollups only before it: after it every result is stored, which is exact and
  // needs no knowing which minutes have a row (a minute of one result gets its row only when pruned).
  const segments = planSegments(from, to, rolledUp).flatMap((s): Segment[] => {
    if (s.source === 'minute') {
      return [
        { source: 'minute' as const, from: s.from, to: Math.min(s.to, rawFrom) },
        { source: 'raw' as const, from: Math.max(s.from, rawFrom), to: s.to },
      ].filter((part) => part.from < part.to);
    }
    if (s.source !== 'raw') return [s];
    return s.to <= rawFrom ? [] : [{ ...s, from: Math.max(s.from, rawFrom) }];
  });
  const totals = new Map<string, UptimeCounts>();
  const batches = ids === undefined ? [undefined] : chunks(ids, IDS_PER_QUERY);
  for (const batch of batches) {
    if (batch?.length === 0) continue;
    for (const segment of segments) {
      for (const row of await countSegment(db, segment, batch)) add(totals, row);
    }
  }
  return totals;
}

/** One monitor's uptime over [from, to). */
export async function uptimeOf(db: Db, monitorId: string, from: number, to: number): Promise<Uptime> {
  return withPercent((await uptimeCounts(db, [monitorId], from, to)).get(monitorId));
}

export function withPercent(counts: UptimeCounts | undefined): Uptime {
  const c = counts ?? NO_RESULTS;
  return { ...c, percent: uptimePercent(c) };
}

interface CountRow extends UptimeCounts {
  monitor_id: string;
}

function countSegment(db: Db, segment: Segment, ids: readonly string[] | undefined): Promise<CountRow[]> {
  if (segment.source === 'hour' || segment.source === 'minute') return countPacked(db, segment.source, segment, ids);
  const only = ids ? sql`and k.monitor_id in (${sql.join(ids.map((id) => sql`${id}`))})` : sql``;
  if (segment.source === 'raw') {
    // code & 3 is the status (0 up, 1 degraded, 2 down, 3 unknown), code & 8 excluded: result-codec.ts.
    return sql<CountRow>`
      select k.monitor_id,
        sum(case when (r.code & 8) = 0 and (r.code & 3) = 0 then 1 else 0 end) as up,
        sum(case when (r.code & 8) = 0 and (r.code & 3) = 1 then 1 else 0 end) as degraded,
        sum(case when (r.code & 8) = 0 and (r.code & 3) = 2 then 1 else 0 end) as down,
        sum(case when (r.code & 8) = 0 and (r.code & 3) = 3 then 1 else 0 end) as unknown,
        sum(case when (r.code & 8) <> 0 then 1 else 0 end) as excluded
      from results r join monitor_keys k on k.monitor_key = r.monitor_key
      where r.at >= ${segment.from} and r.at < ${segment.to} ${only}
      group by k.monitor_id`
      .execute(db)
      .then((r) => r.rows);
  }
  return sql<CountRow>`
    select k.monitor_id, sum(u.up) as up, sum(u.degraded) as degraded, sum(u.down) as down, sum(u.unknown) as unknown, sum(u.excluded) as excluded
    from rollups u join monitor_keys k on k.monitor_key = u.monitor_key
    where u.period = 'day' and u.bucket >= ${segment.from} and u.bucket < ${segment.to} ${only}
    group by k.monitor_id`
    .execute(db)
    .then((r) => r.rows);
}

/** Minutes and hours are packed many to a row (packed-rollups.ts): summed here rather than in SQL. */
async function countPacked(db: Db, grain: PackedGrain, segment: Segment, ids: readonly string[] | undefined): Promise<CountRow[]> {
  const keys = ids === undefined ? await allKeys(db) : await findKeys(db, ids);
  const idOf = new Map([...keys].map(([id, key]) => [key, id]));
  const hours = await readPacked(db, grain, ids === undefined ? undefined : [...keys.values()], segment.from, segment.to);
  const totals = new Map<string, CountRow>();
  for (const h of hours) {
    const monitor_id = idOf.get(h.monitor_key);
    // A key no monitor_keys row names belongs to a purged monitor: unreadable, as in SQL's join.
    if (monitor_id === undefined) continue;
    const t = totals.get(monitor_id) ?? { monitor_id, ...NO_RESULTS };
    totals.set(monitor_id, { monitor_id, ...sumCounts(t, h) });
  }
  return [...totals.values()];
}

async function allKeys(db: Db): Promise<Map<string, number>> {
  const rows = await db.selectFrom('monitor_keys').select(['monitor_id', 'monitor_key']).execute();
  return new Map(rows.map((r) => [r.monitor_id, Number(r.monitor_key)]));
}

function add(totals: Map<string, UptimeCounts>, row: CountRow): void {
  // PostgreSQL's sum() is numeric or bigint, which pg may hand over as a string.
  const counts = { up: Number(row.up), degraded: Number(row.degraded), down: Number(row.down), unknown: Number(row.unknown), excluded: Number(row.excluded) };
  totals.set(row.monitor_id, sumCounts(totals.get(row.monitor_id) ?? NO_RESULTS, counts));
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

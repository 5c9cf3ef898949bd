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

/**
 * Aggregates of every (monitor, bucket) with results in [from, to), or of the given monitor keys'
 * only; both bounds are bucket edges. One call is two statements over every row it covers, run on
 * the engine's thread (better-sqlite3): over many monitors use aggregateInSlices.
 */
export async function aggregate(db: Db, grain: Grain, from: number, to: number, keys?: readonly number[]): Promise<Aggregate[]> {
  if (keys?.length === 0) return [];
  const [counts, ranks] = await Promise.all([countRows(db, grain, from, to, keys), percentileRows(db, grain, from, to, keys)]);
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
function bucketed(grain: Grain, from: number, to: number, keys: readonly number[] | undefined) {
  // A list of keys seeks each one's results by the primary key (monitor_key, at), not a scan of the window.
  const only = keys === undefined ? sql`` : sql`and monitor_key in (${sql.join(keys)})`;
  return sql`(select monitor_key, code & 3 as status, case when (code & 4) <> 0 then 1 else 0 end as missed,
      case when (code & 8) <> 0 then 1 else 0 end as excluded, latency_us, at - (at % ${sql.lit(GRAIN_MS[grain])}) as bucket
    from results where at >= ${from} and at < ${to} ${only})`;
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
async function countRows(db: Db, grain: Grain, from: number, to: number, keys: readonly number[] | undefined): Promise<CountRow[]> {
  const { rows } = await sql<CountRow>`
    select monitor_key, bucket, count(*) as count,
      sum(case when excluded = 0 and status = 0 then 1 else 0 end) as up,
      sum(case when excluded = 0 and status = 1 then 1 else 0 end) as degraded,
      sum(case when excluded = 0 and status = 2 then 1 else 0 end) as down,
      sum(case when excluded = 0 and status = 3 then 1 else 0 end) as unknown,
      sum(excluded) as excluded,
      max(case when missed = 0 then latency_us end) as latency_max_us
    from ${bucketed(grain, from, to, keys)} r
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
async function percentileRows(db: Db, grain: Grain, from: number, to: number, keys: readonly number[] | undefined): Promise<RankRow[]> {
  const { rows } = await sql<RankRow>`
    select monitor_key, bucket, latency_us, rn, n from (
      select monitor_key, bucket, latency_us,
        row_number() over (partition by monitor_key, bucket order by latency_us) as rn,
        count(*) over (partition by monitor_key, bucket) as n
      from ${bucketed(grain, from, to, keys)} r
      where missed = 0
    ) w
    where rn = (50 * n + 99) / 100 or rn = (95 * n + 99) / 100`.execute(db);
  return rows;
}

/** A turn of the event loop: timers and I/O due run before the next slice of a long job. */
export const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Raw results read per slice, about: at 1 to 2 µs a row for both statements a slice holds the
 * engine's thread some 20–40 ms, under issue 14's 250 ms bound on schedule lag with room for the
 * checks that run between slices.
 */
export const SLICE_ROWS = 20_000;
/** Keys per slice at most: the IN list, and the rows a slice holds when the monitors have few results. */
const MAX_SLICE_KEYS = 500;

/**
 * aggregate() over every monitor, a slice of monitors at a time with a turn of the event loop after
 * each slice's `each`: rolling up an hour of 100,000 monitors at 60 s reads 6 million results, tens of
 * seconds in one statement. The slices partition the monitors, so together they are the one-piece
 * result of the monitors named in monitor_keys; results whose key was purged are unreadable and left
 * to retention's orphan sweep. A slice takes about SLICE_ROWS results: its size follows the results
 * the last one read per monitor, growing at most twofold a slice (monitors checked more often can
 * follow monitors checked rarely), starting from one result a minute.
 */
export async function aggregateInSlices(
  db: Db,
  grain: Grain,
  from: number,
  to: number,
  each: (rows: Aggregate[]) => Promise<void>,
  sliceRows = SLICE_ROWS,
): Promise<void> {
  const fit = (perKey: number) => Math.max(1, Math.min(MAX_SLICE_KEYS, Math.floor(sliceRows / Math.max(1, perKey))));
  let size = fit((to - from) / 60_000);
  let after: number | undefined;
  for (;;) {
    let query = db.selectFrom('monitor_keys').select('monitor_key').orderBy('monitor_key').limit(size);
    if (after !== undefined) query = query.where('monitor_key', '>', after);
    const page = await query.execute();
    if (page.length === 0) return;
    const keys = page.map((r) => Number(r.monitor_key));
    const rows = await aggregate(db, grain, from, to, keys);
    await each(rows);
    const read = rows.reduce((sum, r) => sum + r.count, 0);
    size = Math.min(2 * keys.length, fit(read / keys.length));
    after = keys[keys.length - 1]!;
    await turn();
  }
}

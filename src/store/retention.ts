/**
 * Deletes what is past retention, oldest first, in bounded batches: each batch is its own short
 * statement, so the engine's result writes wait at most one batch, never the whole purge.
 *
 * Routine results (up, not missed, not a change of status: result-codec.ts) go after
 * `successesMs`; failures and state changes after `rawMs`; minute rollups after `minuteMs`; hourly
 * and daily rollups after `hourlyMs` and `rollupsMs`. Minutes are stored an hour to a row and hours
 * a day to a row (packed-rollups.ts): they go by whole rows, once the row's last bucket is past its cutoff.
 */
import { PostgresAdapter, sql } from 'kysely';
import { getMeta, setMeta } from './meta.js';
import { prunePacked, writePacked } from './packed-rollups.js';
import { KEPT_LONG } from './result-codec.js';
import { aggregateInSlices, turn } from './rollup-query.js';
import { bucketStart, GRAIN_MS } from './rollup-math.js';
import { rollupWatermark } from './rollups.js';
import type { Db } from './schema.js';

export interface PruneOptions {
  /** Keep failures and state changes this long (ms); every result when successesMs is not given. */
  rawMs: number;
  /** Keep routine successes this long (ms); never longer than rawMs. */
  successesMs?: number;
  /** Keep minute rollups this long (ms); default rawMs. */
  minuteMs?: number;
  /** Keep daily rollups this long (ms), and hourly ones unless hourlyMs is shorter. */
  rollupsMs: number;
  /** Keep hourly rollups this long (ms); never longer than rollupsMs. */
  hourlyMs?: number;
  /** Rows per delete statement; default 2000: each statement holds the engine's thread (SQLite), checks due wait for it. */
  batchSize?: number;
}

export interface PruneResult {
  results: number;
  minutes: number;
  rollups: number;
  /** Rows left behind by purged monitors (their key no longer names a monitor). */
  orphans: number;
}

/** meta key: routine results older than this are gone, so raw counts before it are failures only. */
export const SUCCESSES_PRUNED_KEY = 'results.successes.pruned_until';

const KEYS_SWEPT_KEY = 'monitor_keys.count_at_sweep';

export async function prune(db: Db, now: number, options: PruneOptions): Promise<PruneResult> {
  const batch = Math.max(1, Math.floor(options.batchSize ?? 2000));
  const rolled = await rolledUpUntil(db);
  const rawCutoff = Math.min(now - options.rawMs, rolled);
  const successCutoff = Math.min(now - Math.min(options.successesMs ?? options.rawMs, options.rawMs), rolled);
  // Minutes whose one result stands in for them (rollups.ts) get their own row before that result goes.
  const minuteCutoff = now - (options.minuteMs ?? options.rawMs);
  await materializeMinutes(db, minuteCutoff, rawCutoff);
  let results = await pruneResults(db, -Infinity, rawCutoff, batch, 'all');
  if (successCutoff > rawCutoff) {
    // Routine rows before the last cutoff are gone already: start there, not at the failures kept for weeks below it.
    const done = await getMeta(db, SUCCESSES_PRUNED_KEY);
    const from = Math.max(rawCutoff, done === undefined ? -Infinity : Number(done));
    await materializeMinutes(db, Math.max(from, minuteCutoff), successCutoff);
    results += await pruneResults(db, from, successCutoff, batch, 'routine');
    await setMeta(db, SUCCESSES_PRUNED_KEY, String(successCutoff));
  } else if (Number.isFinite(rawCutoff)) {
    // Every result before rawCutoff is gone, routine ones included: readers take minutes from rollups there (uptime.ts).
    const done = await getMeta(db, SUCCESSES_PRUNED_KEY);
    if (done === undefined || Number(done) < rawCutoff) await setMeta(db, SUCCESSES_PRUNED_KEY, String(rawCutoff));
  }
  return {
    results,
    minutes: await prunePacked(db, 'minute', minuteCutoff, batch),
    rollups:
      (await prunePacked(db, 'hour', now - Math.min(options.hourlyMs ?? options.rollupsMs, options.rollupsMs), batch)) +
      (await pruneDays(db, now - options.rollupsMs, batch)),
    orphans: await pruneOrphans(db),
  };
}

/**
 * Raw results not yet rolled up are kept whatever their age: deleting them would leave holes in the
 * minute, hourly and daily history. Housekeeping rolls up before it prunes, so this only bites if rollups stall.
 */
async function rolledUpUntil(db: Db): Promise<number> {
  const marks = await Promise.all([rollupWatermark(db, 'minute'), rollupWatermark(db, 'hour'), rollupWatermark(db, 'day')]);
  return Math.min(...marks.map((m) => m ?? -Infinity));
}

/** Minutes per step of materializeMinutes: bounds the aggregates held at once (10,000 monitors: 100,000). */
const MATERIALIZE_STEP_MS = 10 * 60_000;

/**
 * Writes the minute rows of [from, to) that rollUp left to the raw results (minutes with one result),
 * rounded out to whole minutes: the results are about to be pruned. Minutes that have a row keep it.
 * Only minutes inside retention.minute are written, and never past the minute watermark (the caller's
 * cutoffs are at most the rolled-up edge).
 */
async function materializeMinutes(db: Db, from: number, to: number): Promise<void> {
  if (!Number.isFinite(to) || from >= to) return;
  const end = Math.ceil(to / GRAIN_MS.minute) * GRAIN_MS.minute;
  let start = Number.isFinite(from) ? bucketStart(from, 'minute') : undefined;
  for (;;) {
    // Skip to the first result: a store that was stopped has long empty stretches.
    const first = await db
      .selectFrom('results')
      .select((eb) => eb.fn.min('at').as('at'))
      .where('at', '>=', start ?? Number.MIN_SAFE_INTEGER)
      .where('at', '<', end)
      .executeTakeFirst();
    if (first?.at === null || first?.at === undefined) return;
    const stepFrom = bucketStart(Number(first.at), 'minute');
    const stepTo = Math.min(end, stepFrom + MATERIALIZE_STEP_MS);
    await aggregateInSlices(db, 'minute', stepFrom, stepTo, (rows) => writePacked(db, 'minute', rows, true));
    start = stepTo;
  }
}

/** Deletes results with `at` in [from, cutoff): all of them, or only the routine ones. */
async function pruneResults(db: Db, from: number, cutoff: number, batch: number, which: 'all' | 'routine'): Promise<number> {
  if (!Number.isFinite(cutoff)) return 0;
  const routine = which === 'routine' ? sql`and (code & ${sql.lit(KEPT_LONG)}) = 0` : sql``;
  const only = Number.isFinite(from) ? sql`${routine} and at >= ${from}` : routine;
  let total = 0;
  // Every pass deletes at least the edge row it found, or stops: the loop ends.
  for (;;) {
    const { rows } = await sql<{ at: number; monitor_key: number }>`
      select at, monitor_key from results where at < ${cutoff} ${only}
      order by at, monitor_key limit 1 offset ${batch - 1}`.execute(db);
    const edge = rows[0];
    // (at, monitor_key) rather than at alone: thousands of monitors can share one timestamp.
    const upTo = edge ? sql`and (at < ${edge.at} or (at = ${edge.at} and monitor_key <= ${edge.monitor_key}))` : sql``;
    const deleted = Number((await sql`delete from results where at < ${cutoff} ${only} ${upTo}`.execute(db)).numAffectedRows ?? 0);
    total += deleted;
    if (!edge || deleted === 0) return total;
    // A batch at a time on the engine's thread: checks due run between batches.
    await turn();
  }
}

async function pruneDays(db: Db, cutoff: number, batch: number): Promise<number> {
  let total = 0;
  for (;;) {
    const edge = await db
      .selectFrom('rollups')
      .select(['bucket', 'monitor_key'])
      .where('period', '=', 'day')
      .where('bucket', '<', cutoff)
      .orderBy('bucket')
      .orderBy('monitor_key')
      .limit(1)
      .offset(batch - 1)
      .executeTakeFirst();
    let remove = db.deleteFrom('rollups').where('period', '=', 'day').where('bucket', '<', cutoff);
    if (edge) remove = remove.where((eb) => eb(eb.refTuple('bucket', 'monitor_key'), '<=', eb.tuple(edge.bucket, edge.monitor_key)));
    const deleted = Number((await remove.executeTakeFirst()).numDeletedRows);
    total += deleted;
    if (!edge || deleted === 0) return total;
    await turn();
  }
}

/**
 * A purged monitor loses its monitor_keys row (purge-deleted.ts deletes by monitor_id); its results
 * and rollups are unreadable from then on and deleted here. Keys are found by seeking the
 * primary key's leading column, one index probe per monitor, never a scan of the rows.
 */
const ORPHAN_PROBES_PER_TURN = 200;

async function pruneOrphans(db: Db): Promise<number> {
  // Keys disappear only when monitors are purged: while their count is unchanged there is nothing to find.
  const count = await db
    .selectFrom('monitor_keys')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  if ((await getMeta(db, KEYS_SWEPT_KEY)) === String(count.n)) return 0;
  let total = 0;
  let probes = 0;
  for (const table of ['results', 'minute_rollups', 'rollups', 'hourly_rollups'] as const) {
    let after = -1;
    for (;;) {
      const { rows } = await sql<{ k: number | null }>`select min(monitor_key) as k from ${sql.table(table)} where monitor_key > ${after}`.execute(db);
      const key = rows[0]?.k;
      if (key === null || key === undefined) break;
      after = Number(key);
      // One index probe per monitor, 100,000 of them at scale: a turn of the event loop every 200.
      if (++probes % ORPHAN_PROBES_PER_TURN === 0) await turn();
      const named = await db.selectFrom('monitor_keys').select('monitor_key').where('monitor_key', '=', after).executeTakeFirst();
      if (named) continue;
      total += Number((await sql`delete from ${sql.table(table)} where monitor_key = ${after}`.execute(db)).numAffectedRows ?? 0);
    }
  }
  await setMeta(db, KEYS_SWEPT_KEY, String(count.n));
  return total;
}

/** meta key: when the results indexes were last rebuilt (PostgreSQL). */
const REBUILT_KEY = 'results.indexes.rebuilt_at';
const REBUILD_EVERY_MS = 86_400_000;

/**
 * PostgreSQL only, once a day: rebuilds the two indexes of results without locking writes. Pruning
 * routine results leaves the failures and changes kept for retention.raw scattered over the index
 * pages of every day still in that window, and a B-tree page is reused only once it is empty: both
 * indexes would keep the pages of the whole raw window (14 days) for a few rows each. Measured on
 * 400,000 rows with 2 % kept, half pruned and as many added: primary key 17 → 25 MB, rebuilt 12 MB.
 * The heap reuses its free space by itself. The first call only notes the time. True when rebuilt.
 */
export async function rebuildResultIndexes(db: Db, now: number): Promise<boolean> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return false;
  const last = await getMeta(db, REBUILT_KEY);
  if (last !== undefined && now - Number(last) < REBUILD_EVERY_MS) return false;
  await setMeta(db, REBUILT_KEY, String(now));
  if (last === undefined) return false;
  for (const index of ['results_pk', 'results_at']) {
    try {
      await sql`reindex index concurrently ${sql.ref(index)}`.execute(db);
    } catch (error) {
      // A failed concurrent rebuild leaves its new index behind, invalid: drop it, try again tomorrow.
      await sql`drop index if exists ${sql.ref(`${index}_ccnew`)}`.execute(db);
      throw error;
    }
  }
  return true;
}

/**
 * Deletes what is past retention, oldest first, in bounded batches: each batch is its own short
 * statement, so the engine's result writes wait at most one batch, never the whole purge.
 */
import { rollupWatermark } from './rollups.js';
import type { Db, RollupPeriod } from './schema.js';

export interface PruneOptions {
  /** Keep raw results this long (ms). */
  rawMs: number;
  /** Keep daily rollups this long (ms), and hourly ones unless hourlyMs is shorter. */
  rollupsMs: number;
  /** Keep hourly rollups this long (ms); never longer than rollupsMs. */
  hourlyMs?: number;
  /** Rows per delete statement; default 5000. */
  batchSize?: number;
}

export interface PruneResult {
  results: number;
  rollups: number;
}

export async function prune(db: Db, now: number, options: PruneOptions): Promise<PruneResult> {
  const batch = Math.max(1, Math.floor(options.batchSize ?? 5000));
  const rawCutoff = Math.min(now - options.rawMs, await rolledUpUntil(db));
  return {
    results: await pruneResults(db, rawCutoff, batch),
    rollups:
      (await pruneRollups(db, now - Math.min(options.hourlyMs ?? options.rollupsMs, options.rollupsMs), batch, 'hour')) +
      (await pruneRollups(db, now - options.rollupsMs, batch, 'day')),
  };
}

/**
 * Raw results not yet rolled up are kept whatever their age: deleting them would leave holes in the
 * hourly and daily history. Housekeeping rolls up before it prunes, so this only bites if rollups stall.
 */
async function rolledUpUntil(db: Db): Promise<number> {
  const [hour, day] = await Promise.all([rollupWatermark(db, 'hour'), rollupWatermark(db, 'day')]);
  return Math.min(hour ?? -Infinity, day ?? -Infinity);
}

async function pruneResults(db: Db, cutoff: number, batch: number): Promise<number> {
  if (!Number.isFinite(cutoff)) return 0;
  let total = 0;
  // Every pass deletes at least the edge row it found, or stops: the loop ends.
  for (;;) {
    const edge = await db
      .selectFrom('results')
      .select(['at', 'monitor_id'])
      .where('at', '<', cutoff)
      .orderBy('at')
      .orderBy('monitor_id')
      .limit(1)
      .offset(batch - 1)
      .executeTakeFirst();
    let remove = db.deleteFrom('results').where('at', '<', cutoff);
    // (at, monitor_id) rather than at alone: thousands of monitors can share one timestamp.
    if (edge) remove = remove.where((eb) => eb(eb.refTuple('at', 'monitor_id'), '<=', eb.tuple(edge.at, edge.monitor_id)));
    const deleted = Number((await remove.executeTakeFirst()).numDeletedRows);
    total += deleted;
    if (!edge || deleted === 0) return total;
  }
}

/** One period at a time: hourly rollups are kept for a shorter time than daily ones. */
async function pruneRollups(db: Db, cutoff: number, batch: number, period: RollupPeriod): Promise<number> {
  let total = 0;
  for (;;) {
    const edge = await db
      .selectFrom('rollups')
      .select(['bucket', 'monitor_id'])
      .where('period', '=', period)
      .where('bucket', '<', cutoff)
      .orderBy('bucket')
      .orderBy('monitor_id')
      .limit(1)
      .offset(batch - 1)
      .executeTakeFirst();
    let remove = db.deleteFrom('rollups').where('period', '=', period).where('bucket', '<', cutoff);
    if (edge) remove = remove.where((eb) => eb(eb.refTuple('bucket', 'monitor_id'), '<=', eb.tuple(edge.bucket, edge.monitor_id)));
    const deleted = Number((await remove.executeTakeFirst()).numDeletedRows);
    total += deleted;
    if (!edge || deleted === 0) return total;
  }
}

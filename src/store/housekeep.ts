/**
 * One round of housekeeping over a store: raw results rolled up into minute, hourly and daily
 * aggregates, then everything past retention pruned. The engine runs it every few minutes
 * (engine/housekeeping.ts), on a worker thread of its own for a SQLite file (housekeeping-worker.ts).
 */
import { pruneOutbox } from './outbox.js';
import { purgeDeleted } from './purge-deleted.js';
import { prune, rebuildResultIndexes, type PruneResult } from './retention.js';
import { rollUp } from './rollups.js';
import type { Db } from './schema.js';

/** The retention settings in ms (config's `retention`). */
export interface RetentionMs {
  raw: number;
  successes?: number;
  minute?: number;
  rollups: number;
  hourly?: number;
  deleted?: number;
}

export interface HousekeepingReport {
  pruned: PruneResult;
  rebuilt: boolean;
  notifications: number;
  purged: { monitors: number; objects: number };
}

const DEFAULT_DELETED_MS = 30 * 86_400_000;

export async function housekeep(db: Db, now: number, retention: RetentionMs): Promise<HousekeepingReport> {
  // An hour is rolled up a minute after it ends, so results still in the writer's batch count.
  await rollUp(db, now, { settleMs: 60_000 });
  const { raw, successes, minute, rollups, hourly } = retention;
  const pruned = await prune(db, now, {
    rawMs: raw,
    rollupsMs: rollups,
    ...(hourly !== undefined && { hourlyMs: hourly }),
    ...(successes !== undefined && { successesMs: successes }),
    ...(minute !== undefined && { minuteMs: minute }),
  });
  // PostgreSQL: the index pages pruning leaves sparse are given back once a day.
  const rebuilt = await rebuildResultIndexes(db, now);
  // Delivered and given-up notifications are history like raw results; pending ones are never pruned.
  const notifications = await pruneOutbox(db, now - raw);
  // Soft-deleted monitors and config objects stay restorable for retention.deleted (default 30 days).
  const purged = await purgeDeleted(db, now - (retention.deleted ?? DEFAULT_DELETED_MS));
  return { pruned, rebuilt, notifications, purged };
}

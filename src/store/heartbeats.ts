/** Heartbeat pings, and counting the heartbeat monitors pings created. Plain functions taking `db` (or a transaction) first. */
import type { PingKind } from '../core/heartbeat/runs.js';
import { AUTO_CREATED_TAG } from '../checks/heartbeat/monitor.js';
import type { Db } from './schema.js';

export interface HeartbeatRunsTable {
  id: string;
  monitor_id: string;
  rid: string | null;
  kind: PingKind;
  /** When the ping arrived (epoch ms). */
  at: number;
  /** start: = at; success/fail: when the paired start arrived, if any. */
  started_at: number | null;
  /** success/fail: = at. */
  ended_at: number | null;
  duration_ms: number | null;
  exit_status: number | null;
  /** The request body, at most the ping body limit (100 kB); null when none, or dropped for space. */
  log: string | null;
  /** UTF-8 bytes of the log as received (null without one); kept after the log is dropped. */
  log_bytes: number | null;
  /** When the log was dropped to keep the monitor's logs within their budget. */
  log_dropped_at: number | null;
  method: string;
  remote_addr: string | null;
  user_agent: string | null;
}

export type HeartbeatRun = HeartbeatRunsTable;

/** The store's Database plus this module's table, without editing the shared schema file. */
function withRuns(db: Db) {
  return db.withTables<{ heartbeat_runs: HeartbeatRunsTable }>();
}

export async function insertHeartbeatRun(db: Db, run: HeartbeatRun): Promise<void> {
  await withRuns(db).insertInto('heartbeat_runs').values(run).execute();
}

/** The latest `limit` pings of one monitor, oldest first (what a restart replays). */
export async function recentHeartbeatRuns(db: Db, monitorId: string, limit: number): Promise<HeartbeatRun[]> {
  const rows = await withRuns(db)
    .selectFrom('heartbeat_runs')
    .selectAll()
    .where('monitor_id', '=', monitorId)
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.reverse().map(normalise);
}

/** Bytes of the logs a monitor's runs still keep. */
export async function keptLogBytes(db: Db, monitorId: string): Promise<number> {
  // Ordered as the kept-logs index is, so SQLite walks that index rather than every run of the
  // monitor (millions after a flood) through heartbeat_runs_monitor_at.
  const kept = withRuns(db)
    .selectFrom('heartbeat_runs')
    .select('log_bytes')
    .where('monitor_id', '=', monitorId)
    .where('log', 'is not', null)
    .orderBy('at')
    .orderBy('id');
  const row = await withRuns(db)
    .selectFrom(kept.as('kept'))
    .select((eb) => eb.fn.sum<number | string | null>('log_bytes').as('bytes'))
    .executeTakeFirstOrThrow();
  return Number(row.bytes ?? 0);
}

/**
 * Drops the oldest logs of one monitor until at least `bytes` are freed (or none is left); the
 * rows stay, marked with when their log was dropped. Returns the bytes freed.
 */
export async function dropOldestLogs(db: Db, monitorId: string, bytes: number, now: number): Promise<number> {
  let freed = 0;
  while (freed < bytes) {
    const oldest = await withRuns(db)
      .selectFrom('heartbeat_runs')
      .select(['id', 'log_bytes'])
      .where('monitor_id', '=', monitorId)
      .where('log', 'is not', null)
      .orderBy('at')
      .orderBy('id')
      .limit(DROP_BATCH)
      .execute();
    if (oldest.length === 0) break;
    const ids: string[] = [];
    for (const row of oldest) {
      if (freed >= bytes) break;
      ids.push(row.id);
      freed += Number(row.log_bytes ?? 0);
    }
    await withRuns(db).updateTable('heartbeat_runs').set({ log: null, log_dropped_at: now }).where('id', 'in', ids).execute();
  }
  return freed;
}

/** Rows read per step when dropping logs: enough for a 100 kB budget step of 1 kB logs. */
const DROP_BATCH = 100;

/** Deletes pings older than `before`; returns how many. */
export async function pruneHeartbeatRuns(db: Db, before: number): Promise<number> {
  const result = await withRuns(db).deleteFrom('heartbeat_runs').where('at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}

// PostgreSQL returns bigint columns as numbers through the store's type parser, SQLite as numbers
// already; integer columns may still come back as strings from other drivers, so normalise once here.
function normalise(row: HeartbeatRun): HeartbeatRun {
  const num = (v: number | null) => (v === null ? null : Number(v));
  return {
    ...row,
    at: Number(row.at),
    started_at: num(row.started_at),
    ended_at: num(row.ended_at),
    duration_ms: num(row.duration_ms),
    exit_status: num(row.exit_status),
    log_bytes: num(row.log_bytes),
    log_dropped_at: num(row.log_dropped_at),
  };
}

/** How many heartbeat monitors pings created (tagged auto-provisioned) are not deleted. */
export async function countAutoCreatedHeartbeats(db: Db): Promise<number> {
  const row = await db
    .selectFrom('monitors')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('type', '=', 'heartbeat')
    .where('source', '=', 'api')
    .where('deleted_at', 'is', null)
    .where('definition', 'like', `%"${AUTO_CREATED_TAG}"%`)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** When each monitor was first recorded (epoch ms), for the "never pinged counts from creation" rule. */
export async function monitorCreatedAt(db: Db, ids: readonly string[]): Promise<Map<string, number>> {
  const created = new Map<string, number>();
  // Chunks keep each statement under SQLite's bound-parameter limit.
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const rows = await db.selectFrom('monitors').select(['id', 'created_at']).where('id', 'in', chunk).execute();
    for (const row of rows) created.set(row.id, Number(row.created_at));
  }
  return created;
}

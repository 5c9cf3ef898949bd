/** Heartbeat pings and auto-provisioned heartbeat monitors. Plain functions taking `db` (or a transaction) first. */
import type { PingKind } from '../core/heartbeat/runs.js';
import type { Db } from './schema.js';

/** The tag of heartbeat monitors a ping created (`?create=1`). */
export const AUTO_CREATED_TAG = 'auto-provisioned';

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
  /** The request body, at most the ping body limit (100 kB). */
  log: string | null;
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
  };
}

export interface ProvisionedMonitor {
  id: string;
  name: string;
  /** JSON of the resolved monitor config. */
  definition: string;
}

/**
 * Records a heartbeat monitor created by its first ping (`?create=1`). Source `api`, so a config
 * sync does not treat it as its own. Returns false when a monitor with that id already exists.
 */
export async function insertProvisionedHeartbeat(db: Db, monitor: ProvisionedMonitor, now: number): Promise<boolean> {
  const existing = await db.selectFrom('monitors').select('id').where('id', '=', monitor.id).executeTakeFirst();
  if (existing) return false;
  await db
    .insertInto('monitors')
    .values({ ...monitor, type: 'heartbeat', source: 'api', created_at: now, updated_at: now, deleted_at: null })
    .execute();
  return true;
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

/** Heartbeat monitors created by pings and not deleted, with their definitions and creation times. */
export async function provisionedHeartbeats(db: Db): Promise<(ProvisionedMonitor & { created_at: number })[]> {
  const rows = await db
    .selectFrom('monitors')
    .select(['id', 'name', 'definition', 'created_at'])
    .where('type', '=', 'heartbeat')
    .where('source', '=', 'api')
    .where('deleted_at', 'is', null)
    .execute();
  return rows.map((row) => ({ ...row, created_at: Number(row.created_at) }));
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

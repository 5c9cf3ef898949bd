/** Running engines and their heartbeats (migration 0010). Plain functions taking `db` first. */
import { z } from 'zod';
import type { Db } from './schema.js';
import { decodeStoredJson } from './stored-json.js';

export interface InstancesTable {
  name: string;
  pid: number;
  host: string;
  version: string;
  started_at: number;
  heartbeat_at: number;
  stopped_at: number | null;
  checks_completed: number;
  monitors_scheduled: number;
  last_result_at: number | null;
  /** JSON of HealthProblem[]. */
  health: string;
}

/** A /healthz condition that failed, as the engine last saw it. */
export interface HealthProblem {
  name: string;
  detail: string;
}

export interface Instance {
  name: string;
  pid: number;
  host: string;
  version: string;
  startedAt: number;
  heartbeatAt: number;
  stoppedAt: number | null;
  checksCompleted: number;
  monitorsScheduled: number;
  lastResultAt: number | null;
  /** Empty while the engine is healthy. */
  health: HealthProblem[];
}

/** What changes with every beat. */
export type Beat = Pick<Instance, 'heartbeatAt' | 'checksCompleted' | 'monitorsScheduled' | 'lastResultAt' | 'health'>;

/** The store's Database plus this module's table, without editing the shared schema file. */
function tables(db: Db) {
  return db.withTables<{ instances: InstancesTable }>();
}

/** Written at start: replaces the row a previous run of the same name left behind. */
export async function registerInstance(db: Db, instance: Instance): Promise<void> {
  const row = toRecord(instance);
  await tables(db)
    .insertInto('instances')
    .values(row)
    .onConflict((oc) => oc.column('name').doUpdateSet(row))
    .execute();
}

export async function recordBeat(db: Db, name: string, beat: Beat): Promise<void> {
  await tables(db)
    .updateTable('instances')
    .set({
      heartbeat_at: beat.heartbeatAt,
      checks_completed: beat.checksCompleted,
      monitors_scheduled: beat.monitorsScheduled,
      last_result_at: beat.lastResultAt,
      health: JSON.stringify(beat.health),
    })
    .where('name', '=', name)
    .execute();
}

export async function markStopped(db: Db, name: string, at: number): Promise<void> {
  await tables(db).updateTable('instances').set({ stopped_at: at, heartbeat_at: at }).where('name', '=', name).execute();
}

/** Every instance that ever ran on this store, latest heartbeat first. */
export async function listInstances(db: Db): Promise<Instance[]> {
  const rows = await tables(db).selectFrom('instances').selectAll().orderBy('heartbeat_at', 'desc').orderBy('name').execute();
  return rows.map(fromRecord);
}

/** The row's columns with `health` as data: also what `tocsin status --json` prints. */
export function instanceFields(i: Instance): Omit<InstancesTable, 'health'> & { health: HealthProblem[] } {
  return {
    name: i.name,
    pid: i.pid,
    host: i.host,
    version: i.version,
    started_at: i.startedAt,
    heartbeat_at: i.heartbeatAt,
    stopped_at: i.stoppedAt,
    checks_completed: i.checksCompleted,
    monitors_scheduled: i.monitorsScheduled,
    last_result_at: i.lastResultAt,
    health: i.health,
  };
}

function toRecord(i: Instance): InstancesTable {
  return { ...instanceFields(i), health: JSON.stringify(i.health) };
}

function fromRecord(row: InstancesTable): Instance {
  return {
    name: row.name,
    pid: row.pid,
    host: row.host,
    version: row.version,
    startedAt: row.started_at,
    heartbeatAt: row.heartbeat_at,
    stoppedAt: row.stopped_at,
    checksCompleted: row.checks_completed,
    monitorsScheduled: row.monitors_scheduled,
    lastResultAt: row.last_result_at,
    health: decodeHealth(row.name, row.health),
  };
}

const storedHealth = z.array(z.object({ name: z.string().max(10_000), detail: z.string().max(100_000) })).max(1_000);

/** Damaged health reads as one problem saying so: the instance list still answers and does not show a sick engine as healthy. */
function decodeHealth(instance: string, text: string): HealthProblem[] {
  const decoded = decodeStoredJson(storedHealth, text);
  if (decoded.ok) return decoded.value;
  return [{ name: 'stored health', detail: `the stored health of instance ${instance} cannot be read: ${decoded.problem}` }];
}

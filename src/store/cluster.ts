/**
 * What the instances sharing one database know of each other: who is alive (a heartbeat within the
 * lease time, not stopped) and how many monitors each holds. Reads only; the leases themselves are
 * written by store/leases.ts.
 */
import { sql } from 'kysely';
import type { Db } from './schema.js';
import { inTransaction } from './tx.js';
import type { InstancesTable } from './instances.js';
import type { MonitorLeasesTable } from './leases.js';

function tables(db: Db) {
  return db.withTables<{ instances: InstancesTable; monitor_leases: MonitorLeasesTable }>();
}

/**
 * Names of the live instances: each holds a presence lease ("~instance:<name>") renewed in the same
 * statement as its monitors, so an instance stops counting exactly when its monitors lapse.
 */
export async function liveInstanceNames(db: Db, now: number): Promise<string[]> {
  const rows = await tables(db)
    .selectFrom('monitor_leases')
    .select('monitor_id')
    .where('monitor_id', 'like', `${PRESENCE_PREFIX}%`)
    .where('expires_at', '>', now)
    .orderBy('monitor_id')
    .execute();
  return rows.map((r) => r.monitor_id.slice(PRESENCE_PREFIX.length));
}

/** Unlapsed leases per holder; jobs (ids starting with "~") are listed by name apart from the monitor count. */
export async function leasesByHolder(db: Db, now: number): Promise<Map<string, { monitors: number; jobs: string[]; present: boolean }>> {
  const rows = await tables(db).selectFrom('monitor_leases').select(['holder', 'monitor_id']).where('expires_at', '>', now).execute();
  const by = new Map<string, { monitors: number; jobs: string[]; present: boolean }>();
  for (const row of rows) {
    const entry = by.get(row.holder) ?? { monitors: 0, jobs: [], present: false };
    if (row.monitor_id.startsWith(PRESENCE_PREFIX)) entry.present = true;
    else if (row.monitor_id.startsWith(JOB_PREFIX)) entry.jobs.push(row.monitor_id.slice(JOB_PREFIX.length));
    else entry.monitors++;
    by.set(row.holder, entry);
  }
  for (const entry of by.values()) entry.jobs.sort();
  return by;
}

/** tocsin's advisory lock class for work one instance at a time does (the runner lock uses 0x746f63). */
const SERIAL_CLASS = 0x746f64;

/**
 * Runs `work` in a transaction that holds a PostgreSQL advisory lock until it ends: instances that
 * start together sync the config one after the other, each planning against what the last wrote.
 */
export async function oneInstanceAtATime<T>(db: Db, work: (trx: Db) => Promise<T>): Promise<T> {
  return inTransaction(db, async (trx) => {
    await sql`select pg_advisory_xact_lock(${SERIAL_CLASS}, 1)`.execute(trx);
    return work(trx);
  });
}

/** Lease ids that stand for a job run by one instance at a time, not a monitor: no monitor id starts with "~". */
export const JOB_PREFIX = '~';
/** An instance's presence lease: it counts as live while this is unlapsed. */
export const PRESENCE_PREFIX = '~instance:';

export interface ClusterInstance {
  name: string;
  host: string;
  pid: number;
  version: string;
  startedAt: number;
  /** Its latest heartbeat in the store. */
  lastSeenAt: number;
  stoppedAt: number | null;
  /** Its presence lease unlapsed (cluster mode), or a heartbeat within the lease time, and not stopped. */
  live: boolean;
  /** Monitors it holds an unlapsed lease on. */
  monitorsHeld: number;
  /** Polled monitors its engine schedules, as of its latest heartbeat. */
  monitorsScheduled: number;
  /** Once-per-cluster duties it holds (engine/cluster.ts DUTIES), by name. */
  jobs: string[];
}

/** Every instance seen within `keepMs` (live or not), with what it holds now; live ones first, then by name. */
export async function clusterInstances(db: Db, now: number, leaseTtlMs: number, keepMs = 24 * 3_600_000): Promise<ClusterInstance[]> {
  const [rows, held] = await Promise.all([
    tables(db)
      .selectFrom('instances')
      .select(['name', 'host', 'pid', 'version', 'started_at', 'heartbeat_at', 'stopped_at', 'monitors_scheduled'])
      .where('heartbeat_at', '>=', now - keepMs)
      .orderBy('name')
      .limit(1000)
      .execute(),
    leasesByHolder(db, now),
  ]);
  const clustered = [...held.values()].some((h) => h.present);
  const list = rows.map((r): ClusterInstance => {
    const lastSeenAt = Number(r.heartbeat_at);
    const h = held.get(r.name);
    return {
      name: r.name,
      host: r.host,
      pid: Number(r.pid),
      version: r.version,
      startedAt: Number(r.started_at),
      lastSeenAt,
      stoppedAt: r.stopped_at === null ? null : Number(r.stopped_at),
      // In a cluster an instance is live while its presence lease is; a single runner while it beats.
      live: r.stopped_at === null && (clustered ? h?.present === true : lastSeenAt >= now - leaseTtlMs),
      monitorsHeld: h?.monitors ?? 0,
      monitorsScheduled: Number(r.monitors_scheduled),
      jobs: h?.jobs ?? [],
    };
  });
  return list.sort((a, b) => Number(b.live) - Number(a.live) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * The gathering after a downtime of the whole cluster (services/downtime): one lease row, taken by
 * the first instance that finds a downtime, whose taken_at carries the window's `heldAt`. The
 * instances starting beside it hold their notifications to the same instant, so the holder folds
 * them all into one digest per channel. Renewed with the holder's other leases; released after the fold.
 */
export const DIGEST_LEASE = `${JOB_PREFIX}downtime-digest`;

export interface SharedWindow {
  holder: string;
  heldAt: number;
}

/**
 * Takes the digest lease for `heldAt` when nobody gathers now (`heldAt` undefined: this instance
 * found no downtime of its own), and answers the gathering the cluster follows, if any.
 */
export async function shareDigestWindow(db: Db, holder: string, heldAt: number | undefined, now: number): Promise<SharedWindow | undefined> {
  const q = tables(db);
  if (heldAt !== undefined) {
    const got = await q
      .insertInto('monitor_leases')
      .values({ monitor_id: DIGEST_LEASE, holder, expires_at: heldAt, taken_at: heldAt })
      .onConflict((c) =>
        c
          .column('monitor_id')
          .doUpdateSet({ holder: sql`excluded.holder`, expires_at: sql`excluded.expires_at`, taken_at: sql`excluded.taken_at` })
          .where('monitor_leases.expires_at', '<=', now),
      )
      .returning('monitor_id')
      .execute();
    if (got.length > 0) return { holder, heldAt };
  }
  const row = await q
    .selectFrom('monitor_leases')
    .select(['holder', 'taken_at'])
    .where('monitor_id', '=', DIGEST_LEASE)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return row && { holder: row.holder, heldAt: Number(row.taken_at) };
}

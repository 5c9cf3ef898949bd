/**
 * Monitor leases (migration 0032): the store is the coordinator when several instances share one
 * database. Every write is one conditional statement, so the database, not the instances, decides
 * who holds what: a lease is taken only while nobody holds it or its holder let it lapse, and a
 * holder extends only what it still holds. `now` is the caller's clock: instances must agree on
 * time to well within `ttl` (NTP does), which the default 15 s leaves ample room for.
 */
import { sql } from 'kysely';
import type { Db } from './schema.js';

export interface MonitorLeasesTable {
  monitor_id: string;
  holder: string;
  expires_at: number;
  taken_at: number;
}

export interface LeaseTerms {
  holder: string;
  now: number;
  ttlMs: number;
}

export interface Lease {
  monitorId: string;
  holder: string;
  expiresAt: number;
}

/** Rows per statement: far below SQLite's 32,766 bound variables at four a row. */
const CHUNK = 2_000;

function leases(db: Db) {
  return db.withTables<{ monitor_leases: MonitorLeasesTable }>();
}

/** Extends every lease `holder` still holds and returns their monitor ids; one that lapsed meanwhile is not extended (another instance may have it). */
export async function renewLeases(db: Db, terms: LeaseTerms): Promise<string[]> {
  const rows = await leases(db)
    .updateTable('monitor_leases')
    .set({ expires_at: terms.now + terms.ttlMs })
    .where('holder', '=', terms.holder)
    .where('expires_at', '>', terms.now)
    .returning('monitor_id')
    .execute();
  return rows.map((r) => r.monitor_id);
}

/**
 * Takes up to `limit` of `candidates` that nobody holds or whose lease has lapsed, and returns the
 * ones it got. Two instances claiming the same monitor at once: the upsert's condition is checked
 * against the row as the other left it, so exactly one of them gets it.
 */
export async function claimLeases(db: Db, terms: LeaseTerms, candidates: readonly string[], limit: number): Promise<string[]> {
  if (limit <= 0 || candidates.length === 0) return [];
  const taken = new Map((await listLeases(db)).filter((l) => l.expiresAt > terms.now).map((l) => [l.monitorId, l.holder]));
  // Written in id order whatever order they were chosen in: PostgreSQL locks the rows as it goes, and two
  // instances locking the same rows in opposite orders would deadlock.
  const free = candidates
    .filter((id) => !taken.has(id))
    .slice(0, limit)
    .sort();
  const got: string[] = [];
  for (let i = 0; i < free.length; i += CHUNK) {
    const rows = await leases(db)
      .insertInto('monitor_leases')
      .values(free.slice(i, i + CHUNK).map((id) => ({ monitor_id: id, holder: terms.holder, expires_at: terms.now + terms.ttlMs, taken_at: terms.now })))
      .onConflict((c) =>
        c
          .column('monitor_id')
          .doUpdateSet({ holder: sql`excluded.holder`, expires_at: sql`excluded.expires_at`, taken_at: sql`excluded.taken_at` })
          .where('monitor_leases.expires_at', '<=', terms.now),
      )
      .returning('monitor_id')
      .execute();
    got.push(...rows.map((r) => r.monitor_id));
  }
  return got;
}

/** Gives leases back at once (a clean stop, a monitor removed, a share handed to a newcomer), so nobody waits for them to lapse. */
export async function releaseLeases(db: Db, holder: string, monitorIds: readonly string[]): Promise<void> {
  for (let i = 0; i < monitorIds.length; i += CHUNK) {
    await leases(db)
      .deleteFrom('monitor_leases')
      .where('holder', '=', holder)
      .where('monitor_id', 'in', monitorIds.slice(i, i + CHUNK))
      .execute();
  }
}

/** Every lease, lapsed ones included (a lapsed lease shows who held the monitor last). */
export async function listLeases(db: Db): Promise<Lease[]> {
  const rows = await leases(db).selectFrom('monitor_leases').select(['monitor_id', 'holder', 'expires_at']).orderBy('monitor_id').execute();
  return rows.map((r) => ({ monitorId: r.monitor_id, holder: r.holder, expiresAt: Number(r.expires_at) }));
}

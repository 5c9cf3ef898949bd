/**
 * Probe agents' tokens (stored as their SHA-256, like API tokens) and the small integer keys of
 * location names that result rows carry. Key 0 is `local` and is never stored.
 */
import type { Db } from './schema.js';

export interface AgentTokensTable {
  id: string;
  location: string;
  name: string;
  hash: string;
  prefix: string;
  created_at: number;
  last_seen_at: number | null;
  revoked_at: number | null;
}

export interface LocationKeysTable {
  location_key: number;
  name: string;
}

export interface AgentToken {
  id: string;
  location: string;
  name: string;
  prefix: string;
  createdAt: number;
  lastSeenAt: number | null;
  revokedAt: number | null;
}

export const LOCAL_KEY = 0;

function tables(db: Db) {
  return db.withTables<{ agent_tokens: AgentTokensTable; location_keys: LocationKeysTable }>();
}

function fromRecord(row: AgentTokensTable): AgentToken {
  return {
    id: row.id,
    location: row.location,
    name: row.name,
    prefix: row.prefix,
    createdAt: Number(row.created_at),
    lastSeenAt: row.last_seen_at === null ? null : Number(row.last_seen_at),
    revokedAt: row.revoked_at === null ? null : Number(row.revoked_at),
  };
}

export async function insertAgentToken(db: Db, token: AgentToken & { hash: string }): Promise<void> {
  await tables(db)
    .insertInto('agent_tokens')
    .values({
      id: token.id,
      location: token.location,
      name: token.name,
      hash: token.hash,
      prefix: token.prefix,
      created_at: token.createdAt,
      last_seen_at: token.lastSeenAt,
      revoked_at: token.revokedAt,
    })
    .execute();
}

export async function findAgentTokenByHash(db: Db, hash: string): Promise<AgentToken | undefined> {
  const row = await tables(db).selectFrom('agent_tokens').selectAll().where('hash', '=', hash).executeTakeFirst();
  return row && fromRecord(row);
}

export async function getAgentToken(db: Db, id: string): Promise<AgentToken | undefined> {
  const row = await tables(db).selectFrom('agent_tokens').selectAll().where('id', '=', id).executeTakeFirst();
  return row && fromRecord(row);
}

/** Newest first. */
export async function listAgentTokens(db: Db): Promise<AgentToken[]> {
  const rows = await tables(db).selectFrom('agent_tokens').selectAll().orderBy('created_at', 'desc').orderBy('id').execute();
  return rows.map(fromRecord);
}

export async function revokeAgentToken(db: Db, id: string, at: number): Promise<void> {
  await tables(db).updateTable('agent_tokens').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).execute();
}

export async function touchAgentToken(db: Db, id: string, at: number): Promise<void> {
  await tables(db).updateTable('agent_tokens').set({ last_seen_at: at }).where('id', '=', id).execute();
}

/** Keys of every location name, made for those without one; `local` is always 0. */
export async function ensureLocationKeys(db: Db, names: readonly string[]): Promise<Map<string, number>> {
  const keys = new Map<string, number>([['local', LOCAL_KEY]]);
  const wanted = [...new Set(names)].filter((n) => n !== 'local');
  if (wanted.length === 0) return keys;
  // Two writers making the same key at once: the loser's insert does nothing and it reads the winner's.
  for (let attempt = 0; attempt < 5; attempt++) {
    const rows = await tables(db).selectFrom('location_keys').selectAll().where('name', 'in', wanted).execute();
    for (const row of rows) keys.set(row.name, Number(row.location_key));
    const missing = wanted.filter((n) => !keys.has(n));
    if (missing.length === 0) return keys;
    const top = await tables(db)
      .selectFrom('location_keys')
      .select((eb) => eb.fn.max('location_key').as('top'))
      .executeTakeFirst();
    let next = Number(top?.top ?? 0) + 1;
    await tables(db)
      .insertInto('location_keys')
      .values(missing.map((name) => ({ name, location_key: next++ })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
  throw new Error(`could not give locations ${wanted.join(', ')} a storage key after 5 attempts`);
}

/** Names by key, for reading rows back. */
export async function locationNames(db: Db): Promise<Map<number, string>> {
  const rows = await tables(db).selectFrom('location_keys').selectAll().execute();
  return new Map([[LOCAL_KEY, 'local'], ...rows.map((r) => [Number(r.location_key), r.name] as [number, string])]);
}

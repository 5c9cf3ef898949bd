/**
 * Small integer keys for monitor ids (monitor_keys), so results and minute rollups carry 1–3 bytes
 * instead of the text id. Keys are made in code, never reused: a new key is past every key any table
 * still holds, so rows left behind by a purged monitor can never be read as another's.
 */
import type { Db } from './schema.js';

/** Ids per IN list: far under both dialects' parameter limits. */
const IDS_PER_QUERY = 500;
/** Two writers creating keys at once (PostgreSQL, several instances) retry; each round settles at least one id. */
const ATTEMPTS = 5;

/** Keys of the ids that have one. */
export async function findKeys(db: Db, ids: readonly string[]): Promise<Map<string, number>> {
  const keys = new Map<string, number>();
  for (let i = 0; i < ids.length; i += IDS_PER_QUERY) {
    const rows = await db
      .selectFrom('monitor_keys')
      .select(['monitor_id', 'monitor_key'])
      .where('monitor_id', 'in', ids.slice(i, i + IDS_PER_QUERY))
      .execute();
    for (const row of rows) keys.set(row.monitor_id, row.monitor_key);
  }
  return keys;
}

/** Keys of every id, made for those without one. */
export async function ensureKeys(db: Db, ids: readonly string[]): Promise<Map<string, number>> {
  const unique = [...new Set(ids)];
  const keys = await findKeys(db, unique);
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const missing = unique.filter((id) => !keys.has(id));
    if (missing.length === 0) return keys;
    let next = (await highestKey(db)) + 1;
    for (let i = 0; i < missing.length; i += IDS_PER_QUERY) {
      const values = missing.slice(i, i + IDS_PER_QUERY).map((monitor_id) => ({ monitor_id, monitor_key: next++ }));
      await db
        .insertInto('monitor_keys')
        .values(values)
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
    for (const [id, key] of await findKeys(db, missing)) keys.set(id, key);
  }
  const missing = unique.filter((id) => !keys.has(id));
  if (missing.length > 0) throw new Error(`could not give ${missing.length} monitors a storage key (first: ${missing[0]}) after ${ATTEMPTS} attempts`);
  return keys;
}

/** The highest key any table holds: each is the leading column of its primary key, so each max is one index probe. */
async function highestKey(db: Db): Promise<number> {
  const [keys, results, minutes] = await Promise.all([
    db
      .selectFrom('monitor_keys')
      .select((eb) => eb.fn.max('monitor_key').as('top'))
      .executeTakeFirst(),
    db
      .selectFrom('results')
      .select((eb) => eb.fn.max('monitor_key').as('top'))
      .executeTakeFirst(),
    db
      .selectFrom('minute_rollups')
      .select((eb) => eb.fn.max('monitor_key').as('top'))
      .executeTakeFirst(),
  ]);
  return Math.max(0, ...[keys, results, minutes].map((row) => Number(row?.top ?? 0)));
}

/** Ids of keys, for readers that aggregate by key. */
export async function idsOfKeys(db: Db, keys: readonly number[]): Promise<Map<number, string>> {
  const ids = new Map<number, string>();
  for (let i = 0; i < keys.length; i += IDS_PER_QUERY) {
    const rows = await db
      .selectFrom('monitor_keys')
      .select(['monitor_id', 'monitor_key'])
      .where('monitor_key', 'in', keys.slice(i, i + IDS_PER_QUERY))
      .execute();
    for (const row of rows) ids.set(row.monitor_key, row.monitor_id);
  }
  return ids;
}

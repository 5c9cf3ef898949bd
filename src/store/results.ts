/**
 * Raw check results in the compact row of result-codec.ts: batched writes from the engine,
 * newest-first pages for the API and dashboard.
 */
import { sql } from 'kysely';
import { decodeDetail, decodeResult, encodeResult, shape, STATUS_MASK, type Detail, type Previous, type ResultRow, type StoredResult } from './result-codec.js';
import { ensureLocationKeys, LOCAL_KEY, locationNames } from './agents.js';
import { ensureKeys, findKeys } from './monitor-keys.js';
import type { Db } from './schema.js';
import { inTransaction } from './tx.js';

export type { ResultRow } from './result-codec.js';

/**
 * 5 columns per row: 5000 parameters, well under SQLite's 32766 per statement (PostgreSQL: 65535).
 * Measured on SQLite, 1000-row statements insert 10,000 rows faster than 4095-row ones, which
 * spend longer compiling and preparing than they save in round trips.
 */
const ROWS_PER_STATEMENT = 1000;
/** Keys per look-up of the previous results. */
const KEYS_PER_QUERY = 500;

/**
 * Inserts all rows in one transaction. Whether a row keeps its words depends on the monitor's
 * previous result, read here in one statement per 500 monitors (one index probe each), so the rule
 * holds across batches, restarts and writers. A second result of one monitor from one location in
 * the same millisecond is dropped: (monitor, at, location) is the row's identity. Locations share
 * their slots (the schedule's phase is per monitor), so each one's row is kept.
 */
export async function insertResults(db: Db, rows: readonly ResultRow[]): Promise<void> {
  if (rows.length === 0) return;
  await inTransaction(db, async (trx) => {
    const keys = await ensureKeys(
      trx,
      rows.map((r) => r.monitorId),
    );
    const previous = await latestResults(trx, [...keys.values()]);
    const located = rows.filter((r) => r.location !== undefined && r.location !== 'local');
    const places =
      located.length === 0
        ? undefined
        : await ensureLocationKeys(
            trx,
            located.map((r) => r.location!),
          );
    const records: StoredResult[] = [];
    // Oldest first, so each row is judged against the one before it even within one batch.
    for (const row of [...rows].sort((a, b) => a.at - b.at)) {
      const key = keys.get(row.monitorId)!;
      const before = previous.get(key);
      const record = encodeResult(key, row, before);
      // Every row of a statement names the column (SQLite has no DEFAULT inside VALUES).
      record.location_key = (row.location === undefined ? undefined : places?.get(row.location)) ?? LOCAL_KEY;
      if (!before || row.at >= before.at) {
        previous.set(key, { at: row.at, code: record.code, shape: record.detail === null ? before?.shape : shape(row.message) });
      }
      records.push(record);
    }
    for (let start = 0; start < records.length; start += ROWS_PER_STATEMENT) {
      await trx
        .insertInto('results')
        .values(records.slice(start, start + ROWS_PER_STATEMENT))
        .onConflict((oc) => oc.columns(['monitor_key', 'at', 'location_key']).doNothing())
        .execute();
    }
  });
}

/**
 * Each monitor's newest stored result (its `at` and code) and the message of its newest row with
 * words, by key. The words are at most a clock hour back (the hourly sample), so the second probe
 * walks back over at most an hour of one monitor's rows.
 */
async function latestResults(db: Db, keys: readonly number[]): Promise<Map<number, Previous>> {
  const latest = new Map<number, Previous>();
  for (let i = 0; i < keys.length; i += KEYS_PER_QUERY) {
    const batch = keys.slice(i, i + KEYS_PER_QUERY);
    const { rows } = await sql<{ monitor_key: number; at: number | null; code: number | null; detail: string | null }>`
      select k.monitor_key,
        (select r.at from results r where r.monitor_key = k.monitor_key order by r.at desc limit 1) as at,
        (select r.code from results r where r.monitor_key = k.monitor_key order by r.at desc limit 1) as code,
        (select r.detail from results r where r.monitor_key = k.monitor_key and r.detail is not null order by r.at desc limit 1) as detail
      from monitor_keys k where k.monitor_key in (${sql.join(batch)})`.execute(db);
    for (const row of rows) {
      if (row.at === null || row.code === null) continue;
      latest.set(row.monitor_key, {
        at: Number(row.at),
        code: Number(row.code),
        shape: row.detail === null ? undefined : shape(decodeDetail(row.detail).message),
      });
    }
  }
  return latest;
}

export interface RecentQuery {
  /** Inclusive lower bound on `at`. */
  from?: number;
  /** Exclusive upper bound on `at`. */
  to?: number;
  /** Page size; default 100, at most 1000. */
  limit?: number;
  /** Cursor: only results strictly older than this `at` (pass the last `at` of the previous page). */
  before?: number;
}

export const MAX_PAGE = 1000;

/**
 * One monitor's results, newest first. A row that kept no words shows those of the nearest earlier
 * row that did (within the page, or one more look-up below it), with `detailAt` saying which.
 */
export async function recentResults(db: Db, monitorId: string, query: RecentQuery = {}): Promise<ResultRow[]> {
  const limit = Math.max(1, Math.min(query.limit ?? 100, MAX_PAGE));
  const key = (await findKeys(db, [monitorId])).get(monitorId);
  if (key === undefined) return [];
  let select = db.selectFrom('results').selectAll().where('monitor_key', '=', key);
  if (query.from !== undefined) select = select.where('at', '>=', query.from);
  if (query.to !== undefined) select = select.where('at', '<', query.to);
  if (query.before !== undefined) select = select.where('at', '<', query.before);
  const rows = await select.orderBy('at', 'desc').orderBy('location_key').limit(limit).execute();
  await completeEdge(db, key, rows, limit);
  // Walk oldest to newest, carrying the latest words seen.
  let words: { at: number; detail: Detail } | undefined;
  const oldest = rows.at(-1);
  if (oldest && oldest.detail === null) words = await wordsBefore(db, key, oldest.at);
  const out: ResultRow[] = [];
  // Names only when a row was taken elsewhere than here: most monitors are local alone.
  const names = rows.some((r) => Number(r.location_key ?? LOCAL_KEY) !== LOCAL_KEY) ? await locationNames(db) : undefined;
  for (let i = rows.length - 1; i >= 0; i--) {
    const row = rows[i]!;
    const decoded =
      row.detail !== null
        ? decodeResult(monitorId, row, (words = { at: row.at, detail: decodeDetail(row.detail) }).detail)
        : decodeResult(monitorId, row, words?.detail, words?.at);
    const place = names?.get(Number(row.location_key ?? LOCAL_KEY));
    out.push(place !== undefined && place !== 'local' ? { ...decoded, location: place } : decoded);
  }
  return out.reverse();
}

/**
 * The cursor is a time, and locations share times: a full page ending inside one `at` takes the rest
 * of that `at`'s rows (at most one per location), or the next page, strictly older, would skip them.
 */
async function completeEdge(db: Db, key: number, rows: Array<{ at: number; location_key?: number }>, limit: number): Promise<void> {
  const last = rows.at(-1);
  if (!last || rows.length < limit) return;
  const edge = rows.filter((r) => Number(r.at) === Number(last.at)).map((r) => Number(r.location_key ?? LOCAL_KEY));
  const rest = await db
    .selectFrom('results')
    .selectAll()
    .where('monitor_key', '=', key)
    .where('at', '=', last.at)
    .where('location_key', 'not in', edge)
    .orderBy('location_key')
    .execute();
  rows.push(...rest);
}

async function wordsBefore(db: Db, key: number, at: number): Promise<{ at: number; detail: Detail } | undefined> {
  const row = await db
    .selectFrom('results')
    .select(['at', 'detail'])
    .where('monitor_key', '=', key)
    .where('at', '<', at)
    .where('detail', 'is not', null)
    .orderBy('at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.detail ? { at: row.at, detail: decodeDetail(row.detail) } : undefined;
}

/**
 * The first result that was not up after the last one that was, within [from, until]: where an
 * outage began, for an incident's timeline. Undefined when none failed in the window.
 */
export async function firstFailureAfterLastUp(db: Db, monitorId: string, from: number, until: number): Promise<{ at: number; message: string } | undefined> {
  const key = (await findKeys(db, [monitorId])).get(monitorId);
  if (key === undefined) return undefined;
  const statusOf = sql<number>`(code & ${sql.lit(STATUS_MASK)})`;
  const lastUp = await db
    .selectFrom('results')
    .select('at')
    .where('monitor_key', '=', key)
    .where(statusOf, '=', 0)
    .where('at', '>=', from)
    .where('at', '<=', until)
    .orderBy('at', 'desc')
    .limit(1)
    .executeTakeFirst();
  const row = await db
    .selectFrom('results')
    .selectAll()
    .where('monitor_key', '=', key)
    .where(statusOf, '<>', 0)
    .where('at', '>', lastUp ? lastUp.at : from - 1)
    .where('at', '<=', until)
    .orderBy('at', 'asc')
    .limit(1)
    .executeTakeFirst();
  if (!row) return undefined;
  // A result that is not up always keeps its words (result-codec.ts, KEPT_LONG).
  const result = decodeResult(monitorId, row, row.detail === null ? undefined : decodeDetail(row.detail));
  return { at: result.at, message: result.message };
}

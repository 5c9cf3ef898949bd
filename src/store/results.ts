/** Raw check results: batched writes from the engine, newest-first pages for the API and dashboard. */
import type { Selectable } from 'kysely';
import type { Status, Timings } from '../core/types.js';
import type { Db, ResultsTable } from './schema.js';
import { inTransaction } from './tx.js';

export interface ResultRow {
  monitorId: string;
  at: number;
  status: Status;
  latencyMs: number;
  message: string;
  timings: Timings;
  metrics?: Record<string, number> | null;
  /** The scheduler could not start this run (it is not the target's latency). */
  missed?: boolean;
  /** Does not count towards uptime: the monitor was pending or in maintenance. */
  excluded?: boolean;
}

/**
 * 9 columns per row: 9000 parameters, well under SQLite's 32766 per statement (PostgreSQL: 65535).
 * Measured on SQLite, 1000-row statements insert 10,000 rows faster than 4095-row ones, which
 * spend longer compiling and preparing than they save in round trips.
 */
const ROWS_PER_STATEMENT = 1000;

/** Inserts all rows in one transaction, as few multi-row statements as the parameter limit allows. */
export async function insertResults(db: Db, rows: readonly ResultRow[]): Promise<void> {
  if (rows.length === 0) return;
  await inTransaction(db, async (trx) => {
    for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
      const chunk = rows.slice(start, start + ROWS_PER_STATEMENT).map(toRecord);
      await trx.insertInto('results').values(chunk).execute();
    }
  });
}

function toRecord(row: ResultRow) {
  return {
    monitor_id: row.monitorId,
    at: row.at,
    status: row.status,
    latency_ms: row.latencyMs,
    message: row.message,
    timings: JSON.stringify(row.timings),
    metrics: row.metrics ? JSON.stringify(row.metrics) : null,
    missed: row.missed ? 1 : 0,
    excluded: row.excluded ? 1 : 0,
  };
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

/** One monitor's results, newest first. */
export async function recentResults(db: Db, monitorId: string, query: RecentQuery = {}): Promise<ResultRow[]> {
  const limit = Math.max(1, Math.min(query.limit ?? 100, MAX_PAGE));
  let select = db.selectFrom('results').selectAll().where('monitor_id', '=', monitorId);
  if (query.from !== undefined) select = select.where('at', '>=', query.from);
  if (query.to !== undefined) select = select.where('at', '<', query.to);
  if (query.before !== undefined) select = select.where('at', '<', query.before);
  const rows = await select.orderBy('at', 'desc').limit(limit).execute();
  return rows.map(fromRecord);
}

function fromRecord(record: Selectable<ResultsTable>): ResultRow {
  return {
    monitorId: record.monitor_id,
    at: record.at,
    status: record.status,
    latencyMs: record.latency_ms,
    message: record.message,
    timings: JSON.parse(record.timings) as Timings,
    metrics: record.metrics === null ? null : (JSON.parse(record.metrics) as Record<string, number>),
    missed: record.missed !== 0,
    excluded: record.excluded !== 0,
  };
}

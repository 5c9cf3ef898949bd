/**
 * The worker side of UptimeWorker (uptime-worker.ts): its own read-only connection to the SQLite
 * file, and store/uptime.ts's counting over it, so nothing of it runs on the engine's thread.
 */
import { workerData } from 'node:worker_threads';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { NO_RESULTS, uptimePercent } from '../core/uptime.js';
import type { Database } from './schema.js';
import { uptimeCounts } from './uptime.js';
import { serveCalls } from '../lib/thread-calls.js';
import { ID_SEPARATOR, type UptimeRequest } from './uptime-worker.js';

const { path } = workerData as { path: string };
let db: Kysely<Database> | undefined;

function open(): Kysely<Database> {
  if (db) return db;
  // fileMustExist: a missing database is an error to report, never an empty file made here.
  const database = new SqliteDatabase(path, { readonly: true, fileMustExist: true });
  database.pragma('busy_timeout = 5000');
  db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  return db;
}

async function count({ ids, from, to }: UptimeRequest): Promise<Float64Array> {
  const list = ids === '' ? [] : ids.split(ID_SEPARATOR);
  const counts = await uptimeCounts(open(), list, from, to);
  const percents = new Float64Array(list.length);
  for (let i = 0; i < list.length; i++) percents[i] = uptimePercent(counts.get(list[i]!) ?? NO_RESULTS) ?? NaN;
  return percents;
}

// One count at a time, in the order asked: the connection is synchronous anyway. A connection that
// failed (file gone, not a database) is opened afresh for the next count.
serveCalls<UptimeRequest, Float64Array>(
  async (request) => {
    const percents = await count(request);
    return { answer: percents, transfer: [percents.buffer as ArrayBuffer] };
  },
  async () => {
    await db?.destroy().catch(() => {});
    db = undefined;
  },
);

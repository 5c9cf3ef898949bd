/** Opens the store named by a database URL: SQLite through better-sqlite3, PostgreSQL through a pg Pool. */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';
import { parseStoreUrl, redactUrl } from './url.js';

export { redactUrl } from './url.js';

export interface Store {
  db: Kysely<Database>;
  dialect: 'sqlite' | 'postgres';
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Errors of idle pooled PostgreSQL connections (e.g. the server restarted). Default: a process warning. */
  onPoolError?: (error: Error) => void;
}

export async function openStore(url: string, options: OpenOptions = {}): Promise<Store> {
  const target = parseStoreUrl(url);
  if (target.dialect === 'sqlite') return openSqlite(target.path);
  return openPostgres(url, target.connectionString, target.schema, options);
}

function openSqlite(path: string): Store {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const database = new SqliteDatabase(path);
  // WAL lets readers (status pages) run while the engine writes; NORMAL is durable across
  // process crashes in WAL mode and only risks the last commits on power loss.
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('busy_timeout = 5000');
  database.pragma('foreign_keys = ON');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  return { db, dialect: 'sqlite', close: () => db.destroy() };
}

const INT8_OID = 20;

/** Epoch-ms timestamps live in bigint columns; as numbers they stay exact up to 2^53 (the year 287396). */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID && format !== 'binary') return (value: string) => Number(value);
    return format === 'binary' ? pg.types.getTypeParser(oid, 'binary') : pg.types.getTypeParser(oid, 'text');
  },
};

async function openPostgres(
  url: string,
  connectionString: string,
  schema: string | undefined,
  options: OpenOptions,
): Promise<Store> {
  const pool = new pg.Pool({
    connectionString,
    types,
    // A startup option rather than a SET per query: every pooled connection gets it before first use.
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  pool.on('error', options.onPoolError ?? ((error) => process.emitWarning(`idle PostgreSQL connection failed: ${error.message}`)));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    await sql`select 1`.execute(db);
  } catch (error) {
    await db.destroy();
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Cannot connect to ${redactUrl(url)}: ${reason}`, { cause: error });
  }
  return { db, dialect: 'postgres', close: () => db.destroy() };
}

/** Opens the store named by a database URL: SQLite through better-sqlite3, PostgreSQL through a pg Pool. */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import type pg from 'pg';
import { TocsinError } from '../lib/errors.js';
import { migrations } from './migrations/index.js';
import type { Database, Db } from './schema.js';
import { inspectSqliteFile, sqliteFileError } from './sqlite-file.js';
import { withStatementCache, type PreparingDatabase } from './statement-cache.js';
import { parseStoreUrl, redactUrl } from '../lib/store-url.js';

export { redactUrl } from '../lib/store-url.js';

export interface Store {
  db: Kysely<Database>;
  dialect: 'sqlite' | 'postgres';
  /** Where the store is, for messages: the SQLite file, or the URL without its password. */
  location: string;
  /** True when this open created the SQLite file: a fresh install. */
  created: boolean;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Errors of idle pooled PostgreSQL connections (e.g. the server restarted). Default: a process warning. */
  onPoolError?: (error: Error) => void;
  /**
   * 'write' (the default) creates a missing SQLite file. 'read', for commands that only look: the store
   * must exist and be fully migrated, and nothing is created, migrated or written.
   */
  access?: 'read' | 'write';
  /** SQLite: how long a statement waits for another connection's write before it fails (default 5 s). */
  busyTimeoutMs?: number;
}

export async function openStore(url: string, options: OpenOptions = {}): Promise<Store> {
  const target = parseStoreUrl(url);
  const access = options.access ?? 'write';
  const store =
    target.dialect === 'sqlite'
      ? openSqlite(target.path, access, options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS)
      : await openPostgres(url, target.connectionString, target.schema, options);
  if (access === 'read') await ensureMigrated(store);
  return store;
}

const DEFAULT_BUSY_TIMEOUT_MS = 5000;

function openSqlite(path: string, access: 'read' | 'write', busyTimeoutMs: number): Store {
  const memory = path === ':memory:';
  const state = memory ? 'missing' : inspectSqliteFile(path, access);
  if (state === 'missing' && access === 'read') throw noDatabase(path);
  if (!memory) mkdirSync(dirname(path), { recursive: true });
  let database: SqliteDatabase.Database;
  try {
    database = new SqliteDatabase(path, access === 'read' ? { readonly: true, fileMustExist: true } : {});
    if (access === 'write') {
      // WAL lets readers (status pages) run while the engine writes; NORMAL is durable across
      // process crashes in WAL mode and only risks the last commits on power loss.
      database.pragma('journal_mode = WAL');
      database.pragma('synchronous = NORMAL');
    }
    database.pragma(`busy_timeout = ${busyTimeoutMs}`);
    database.pragma('foreign_keys = ON');
    // Reads page 1 and the schema: a file that is not a database, or a truncated one, fails here.
    database.prepare('select count(*) from sqlite_master').get();
  } catch (error) {
    throw sqliteFileError(error, path);
  }
  const statements = withStatementCache(database);
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: access === 'write' ? beginImmediate(database, statements, busyTimeoutMs) : statements }),
  });
  return { db, dialect: 'sqlite', location: path, created: state === 'missing' && !memory, close: () => db.destroy() };
}

/**
 * The engine writes the file from two connections (its own and the result writer's thread,
 * services/result-store-worker.ts), and CLI commands from theirs. A transaction that read before
 * writing would fail at its first write, busy timeout or not (SQLITE_BUSY_SNAPSHOT), whenever another
 * connection committed in between: so a transaction takes the write lock when it begins. It asks for
 * it every millisecond rather than through SQLite's busy handler, whose sleeps grow to 100 ms: the
 * engine's sliced housekeeping releases the lock only for the short turns between its slices, and a
 * writer sleeping that long would miss them all and wait out the whole rollup.
 */
function beginImmediate(database: SqliteDatabase.Database, statements: PreparingDatabase, waitMs: number): PreparingDatabase {
  const begin = database.prepare('begin immediate');
  const pause = new Int32Array(new SharedArrayBuffer(4));
  const takeLock = () => {
    const until = Date.now() + waitMs;
    database.pragma('busy_timeout = 0');
    try {
      for (;;) {
        try {
          return begin.run();
        } catch (error) {
          if ((error as { code?: unknown }).code !== 'SQLITE_BUSY' || Date.now() >= until) throw error;
          Atomics.wait(pause, 0, 0, 1);
        }
      }
    } finally {
      database.pragma(`busy_timeout = ${waitMs}`);
    }
  };
  return {
    prepare: (text) => (text === 'begin' ? ({ reader: false, run: takeLock } as unknown as SqliteDatabase.Statement) : statements.prepare(text)),
    close: () => statements.close(),
  };
}

function noDatabase(location: string): TocsinError {
  return new TocsinError('not_found', `no tocsin database at ${location}: start tocsin once or run \`tocsin migrate\``);
}

/** A reader opens only a store that tocsin made and brought up to date: never an empty or older one. */
async function ensureMigrated(store: Store): Promise<void> {
  try {
    const applied = await appliedMigrations(store.db);
    if (applied === undefined || applied.size === 0) throw noDatabase(store.location);
    const missing = Object.keys(migrations).filter((name) => !applied.has(name));
    if (missing.length > 0) {
      throw new TocsinError(
        'not_found',
        `the tocsin database at ${store.location} lacks migrations ${missing.join(', ')}: run \`tocsin migrate\` or start this tocsin first`,
      );
    }
  } catch (error) {
    await store.close();
    throw error;
  }
}

/** Undefined when the store has no migration table at all. */
async function appliedMigrations(db: Db): Promise<Set<string> | undefined> {
  try {
    const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
    return new Set(rows.map((r) => r.name));
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === '42P01' || /no such table/.test((error as Error).message)) return undefined;
    throw error;
  }
}

const INT8_OID = 20;

/** Epoch-ms timestamps live in bigint columns; as numbers they stay exact up to 2^53 (the year 287396). */
function typesOf(pgTypes: typeof pg.types) {
  return {
    getTypeParser(oid: number, format?: 'text' | 'binary'): (value: string) => unknown {
      if (oid === INT8_OID && format !== 'binary') return (value: string) => Number(value);
      const parser: unknown = format === 'binary' ? pgTypes.getTypeParser(oid, 'binary') : pgTypes.getTypeParser(oid, 'text');
      return parser as (value: string) => unknown;
    },
  };
}

async function openPostgres(url: string, connectionString: string, schema: string | undefined, options: OpenOptions): Promise<Store> {
  // Loaded here, not at the top: a SQLite install never pays for pg's ~1.2 MB of heap.
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({
    connectionString,
    types: typesOf(pg.types),
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
  return { db, dialect: 'postgres', location: redactUrl(url), created: false, close: () => db.destroy() };
}

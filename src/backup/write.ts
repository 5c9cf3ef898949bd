/**
 * Takes a consistent backup of a running tocsin: every table read inside one snapshot (a
 * REPEATABLE READ transaction on PostgreSQL, a read transaction on a connection of its own on
 * SQLite, whose WAL keeps the snapshot while the engine goes on writing), streamed through gzip to
 * a temp file renamed at the end.
 */
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { createGzip } from 'node:zlib';
import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import type { Store } from '../store/open.js';
import type { Db } from '../store/schema.js';
import { FORMAT, type Manifest } from './format.js';
import { listColumns, listTables, restoreOrder, schemaVersion, SKIPPED_TABLES } from './tables.js';

/** Rows read per query: bounded memory for a results table of millions. */
const PAGE = 5000;
const CHUNK = 256 * 1024;

export async function writeBackup(store: Store, out: string, tocsinVersion: string, now: Date = new Date()): Promise<Manifest> {
  const temp = `${out}.partial-${process.pid}`;
  const gzip = createGzip();
  const file = createWriteStream(temp);
  gzip.pipe(file);
  const hash = createHash('sha256');
  // Lines are gathered into chunks: one gzip write (and one wait for it to drain) per row was 10× slower.
  let pending = '';
  const flush = async () => {
    const chunk = pending;
    pending = '';
    hash.update(chunk);
    if (!gzip.write(chunk)) await once(gzip, 'drain');
  };
  const emit = async (line: unknown) => {
    pending += `${JSON.stringify(line)}\n`;
    if (pending.length >= CHUNK) await flush();
  };
  try {
    const manifest = await inSnapshot(store, async (source) => {
      const tables: Record<string, number> = {};
      await emit({ format: FORMAT });
      for (const table of await source.tables()) {
        const columns = await source.columns(table);
        await emit({ table, columns });
        let count = 0;
        for await (const row of source.rows(table, columns)) {
          await emit(row.map(portable));
          count += 1;
        }
        tables[table] = count;
      }
      return {
        format: FORMAT,
        tocsin_version: tocsinVersion,
        schema_version: await source.schemaVersion(),
        dialect: store.dialect,
        created_at: now.toISOString(),
        tables,
      } as const;
    });
    await flush();
    const complete: Manifest = { ...manifest, sha256: hash.digest('hex') };
    gzip.end(`${JSON.stringify({ manifest: complete })}\n`);
    await once(file, 'close');
    await rename(temp, out);
    return complete;
  } catch (error) {
    gzip.destroy();
    file.destroy();
    await rm(temp, { force: true });
    throw error;
  }
}

/** The store as one snapshot sees it. */
interface Snapshot {
  tables(): Promise<string[]>;
  columns(table: string): Promise<string[]>;
  rows(table: string, columns: readonly string[]): AsyncIterable<unknown[]> | Iterable<unknown[]>;
  schemaVersion(): Promise<string>;
}

async function inSnapshot<T>(store: Store, work: (snapshot: Snapshot) => Promise<T>): Promise<T> {
  if (store.dialect === 'postgres') {
    return store.db
      .transaction()
      .setIsolationLevel('repeatable read')
      .setAccessMode('read only')
      .execute((trx) => work(postgresSnapshot(trx)));
  }
  return sqliteSnapshot(store, work);
}

/**
 * A read transaction on a connection of its own, read with better-sqlite3's raw row iterator: Kysely's
 * per-row stream was the bottleneck (about 50,000 rows/s), this is limited by JSON and gzip instead.
 */
async function sqliteSnapshot<T>(store: Store, work: (snapshot: Snapshot) => Promise<T>): Promise<T> {
  if (store.location === ':memory:') throw new Error('an in-memory SQLite store has no file another connection could read: nothing to back up');
  const database = new SqliteDatabase(store.location, { readonly: true, fileMustExist: true });
  try {
    database.exec('begin');
    const all = <R>(text: string, ...params: unknown[]) => database.prepare(text).all(...params) as R[];
    return await work({
      tables: async () =>
        restoreOrder(
          all<{ name: string }>("select name from sqlite_master where type = 'table' and name not like 'sqlite_%'")
            .map((r) => r.name)
            .filter((n) => !SKIPPED_TABLES.has(n)),
        ),
      columns: async (table) => all<{ name: string }>('select name from pragma_table_info(?)', table).map((r) => r.name),
      rows: (table, columns) =>
        database
          .prepare(`select ${columns.map(quote).join(', ')} from ${quote(table)}`)
          .raw(true)
          .iterate() as Iterable<unknown[]>,
      schemaVersion: async () => all<{ name: string }>('select name from kysely_migration order by name desc limit 1')[0]?.name ?? 'none',
    });
  } finally {
    if (database.inTransaction) database.exec('commit');
    database.close();
  }
}

function quote(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Inside the REPEATABLE READ transaction; rows through a server-side cursor, a page at a time. */
function postgresSnapshot(db: Db): Snapshot {
  return {
    tables: () => listTables(db, 'postgres'),
    columns: (table) => listColumns(db, 'postgres', table),
    rows: (table, columns) => cursorRows(db, table, columns),
    schemaVersion: () => schemaVersion(db),
  };
}

async function* cursorRows(db: Db, table: string, columns: readonly string[]): AsyncIterable<unknown[]> {
  const list = sql.join(columns.map((c) => sql.ref(c)));
  await sql`declare tocsin_backup no scroll cursor for select ${list} from ${sql.table(table)}`.execute(db);
  try {
    for (;;) {
      const { rows } = await sql<Record<string, unknown>>`fetch ${sql.raw(String(PAGE))} from tocsin_backup`.execute(db);
      for (const row of rows) yield columns.map((c) => row[c]);
      if (rows.length < PAGE) return;
    }
  } finally {
    await sql`close tocsin_backup`.execute(db);
  }
}

/** PostgreSQL's bigint may come back as a string; a Buffer would not survive JSON. */
function portable(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (Buffer.isBuffer(value)) return { base64: value.toString('base64') };
  return value;
}

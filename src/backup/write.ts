/**
 * Takes a consistent backup of a running tocsin: every table read inside one snapshot (a
 * REPEATABLE READ transaction on PostgreSQL, a read transaction on SQLite, whose WAL keeps the
 * snapshot while the engine goes on writing), streamed through gzip to a temp file renamed at the end.
 */
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { createGzip } from 'node:zlib';
import { sql, type Kysely } from 'kysely';
import type { Store } from '../store/open.js';
import type { Db } from '../store/schema.js';
import { FORMAT, type Manifest } from './format.js';
import { listColumns, listTables, schemaVersion } from './tables.js';

/** Rows read per query: bounded memory for a results table of millions. */
const PAGE = 5000;

export async function writeBackup(store: Store, out: string, tocsinVersion: string, now: Date = new Date()): Promise<Manifest> {
  const temp = `${out}.partial-${process.pid}`;
  const gzip = createGzip();
  const file = createWriteStream(temp);
  gzip.pipe(file);
  const hash = createHash('sha256');
  const emit = async (line: unknown) => {
    const text = `${JSON.stringify(line)}\n`;
    hash.update(text);
    if (!gzip.write(text)) await once(gzip, 'drain');
  };
  try {
    const manifest = await inSnapshot(store, async (db) => {
      const tables: Record<string, number> = {};
      await emit({ format: FORMAT });
      for (const table of await listTables(db, store.dialect)) {
        const columns = await listColumns(db, store.dialect, table);
        await emit({ table, columns });
        tables[table] = await copyRows(db, store.dialect, table, columns, emit);
      }
      return { format: FORMAT, tocsin_version: tocsinVersion, schema_version: await schemaVersion(db), dialect: store.dialect, created_at: now.toISOString(), tables } as const;
    });
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

async function inSnapshot<T>(store: Store, work: (db: Db) => Promise<T>): Promise<T> {
  if (store.dialect === 'postgres') {
    return store.db.transaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute(work);
  }
  return store.db.transaction().execute(work);
}

/**
 * Streams a table inside the snapshot without holding it in memory: a server-side cursor on
 * PostgreSQL, better-sqlite3's row iterator on SQLite. Neither needs a key to page by (results has none).
 */
async function copyRows(db: Db, dialect: Store['dialect'], table: string, columns: readonly string[], emit: (line: unknown) => Promise<void>): Promise<number> {
  const list = sql.join(columns.map((c) => sql.ref(c)));
  const query = sql<Record<string, unknown>>`select ${list} from ${sql.table(table)}`;
  let count = 0;
  if (dialect === 'sqlite') {
    // Kysely streams only select nodes on SQLite, so this one is built rather than written as text.
    const any = db as unknown as Kysely<Record<string, Record<string, unknown>>>;
    for await (const row of any.selectFrom(table).select(columns as string[]).stream(PAGE)) {
      await emit(columns.map((c) => portable((row as Record<string, unknown>)[c])));
      count += 1;
    }
    return count;
  }
  await sql`declare tocsin_backup no scroll cursor for ${query}`.execute(db);
  try {
    for (;;) {
      const { rows } = await sql<Record<string, unknown>>`fetch ${sql.raw(String(PAGE))} from tocsin_backup`.execute(db);
      for (const row of rows) await emit(columns.map((c) => portable(row[c])));
      count += rows.length;
      if (rows.length < PAGE) return count;
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

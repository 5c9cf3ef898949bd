/**
 * Restores a backup into an empty database of either dialect. The file is verified whole first;
 * then the target is migrated to the backup's schema, checked empty, filled in one transaction, and
 * migrated on to the newest schema. A damaged file or a non-empty target leaves it as it was; a
 * failure while loading rolls the rows back (the empty schema stays).
 */
import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import { migrate } from '../store/migrate.js';
import { migrations } from '../store/migrations/index.js';
import type { Store } from '../store/open.js';
import type { Db } from '../store/schema.js';
import { inTransaction } from '../store/tx.js';
import { BackupFileError, type Manifest } from './format.js';
import { readBackup, verifyBackup, type Section } from './read.js';
import { listTables } from './tables.js';

/** Under SQLite's 32766 bound parameters per statement whatever the width of the table. */
const PARAMETERS_PER_STATEMENT = 30_000;
const MAX_ROWS_PER_STATEMENT = 1000;

export async function restoreBackup(file: string, store: Store): Promise<Manifest> {
  const manifest = await verifyBackup(file);
  const known = Object.keys(migrations);
  if (!known.includes(manifest.schema_version)) {
    throw new BackupFileError(
      file,
      `its schema ${manifest.schema_version} is not one this tocsin knows (newest: ${known.at(-1)}); restore it with the tocsin version that wrote it (${manifest.tocsin_version}) or newer`,
    );
  }
  await migrate(store.db, Object.fromEntries(known.slice(0, known.indexOf(manifest.schema_version) + 1).map((name) => [name, migrations[name]!])));
  await assertEmpty(store);
  if (store.dialect === 'sqlite' && store.location !== ':memory:') await loadSqlite(file, store.location);
  else await loadThroughKysely(file, store.db);
  await migrate(store.db);
  return manifest;
}

/** Multi-row inserts in one transaction: what PostgreSQL takes fastest through the pool. */
async function loadThroughKysely(file: string, db: Db): Promise<void> {
  await inTransaction(db, async (trx) => {
    let batch: { section: Section; rows: unknown[][] } | undefined;
    const flush = async () => {
      if (batch && batch.rows.length > 0) await insertRows(trx, batch.section, batch.rows);
      batch = undefined;
    };
    await readBackup(file, async (section, row) => {
      if (batch?.section !== section) await flush();
      batch ??= { section, rows: [] };
      batch.rows.push(row);
      if (batch.rows.length >= rowsPerStatement(section)) await flush();
    });
    await flush();
  });
}

/**
 * One prepared insert per table on a connection of its own, in one transaction: better-sqlite3 runs
 * a prepared statement several times faster than Kysely builds a statement of a thousand rows.
 */
async function loadSqlite(file: string, path: string): Promise<void> {
  const database = new SqliteDatabase(path);
  database.pragma('foreign_keys = ON');
  const inserts = new Map<Section, SqliteDatabase.Statement>();
  const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
  try {
    database.exec('begin immediate');
    await readBackup(file, (section, row) => {
      let insert = inserts.get(section);
      if (!insert) {
        insert = database.prepare(
          `insert into ${quote(section.table)} (${section.columns.map(quote).join(', ')}) values (${section.columns.map(() => '?').join(', ')})`,
        );
        inserts.set(section, insert);
      }
      insert.run(...row.map(fromPortable));
    });
    database.exec('commit');
  } catch (error) {
    if (database.inTransaction) database.exec('rollback');
    throw error;
  } finally {
    database.close();
  }
}

async function assertEmpty(store: Store): Promise<void> {
  for (const table of await listTables(store.db, store.dialect)) {
    const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(store.db);
    if (Number(rows[0]?.n ?? 0) > 0) {
      throw new Error(
        `the target database is not empty (table ${table} has rows): restore only into an empty database, so nothing is overwritten. Nothing was restored.`,
      );
    }
  }
}

function rowsPerStatement(section: Section): number {
  return Math.max(1, Math.min(MAX_ROWS_PER_STATEMENT, Math.floor(PARAMETERS_PER_STATEMENT / Math.max(1, section.columns.length))));
}

async function insertRows(db: Db, section: Section, rows: unknown[][]): Promise<void> {
  const columns = sql.join(section.columns.map((c) => sql.ref(c)));
  const values = sql.join(rows.map((row) => sql`(${sql.join(row.map(fromPortable))})`));
  await sql`insert into ${sql.table(section.table)} (${columns}) values ${values}`.execute(db);
}

function fromPortable(value: unknown): unknown {
  if (value !== null && typeof value === 'object' && 'base64' in value) return Buffer.from(String(value.base64), 'base64');
  return value;
}

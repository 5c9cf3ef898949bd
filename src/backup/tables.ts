/** tocsin's tables as the backup sees them: names and columns, read from the database itself. */
import { sql } from 'kysely';
import type { Db } from '../store/schema.js';

/**
 * Kysely's bookkeeping, which the target's own migration run writes, and monitor leases, which say
 * which running instance holds what: a restored database starts with nobody holding anything.
 */
export const SKIPPED_TABLES = new Set(['kysely_migration', 'kysely_migration_lock', 'monitor_leases']);
/** Referenced by foreign keys: restored before the tables that point at them. */
const PARENTS = ['incidents', 'subscribers', 'users'];

export type Dialect = 'sqlite' | 'postgres';

export async function listTables(db: Db, dialect: Dialect): Promise<string[]> {
  const rows =
    dialect === 'sqlite'
      ? (await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(db)).rows
      : (
          await sql<{
            name: string;
          }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(db)
        ).rows;
  return restoreOrder(rows.map((r) => r.name).filter((name) => !SKIPPED_TABLES.has(name)));
}

export function restoreOrder(tables: readonly string[]): string[] {
  const parents = PARENTS.filter((name) => tables.includes(name));
  return [...parents, ...tables.filter((name) => !PARENTS.includes(name)).sort()];
}

export async function listColumns(db: Db, dialect: Dialect, table: string): Promise<string[]> {
  if (dialect === 'sqlite') {
    const { rows } = await sql<{ name: string }>`select name from pragma_table_info(${table})`.execute(db);
    return rows.map((r) => r.name);
  }
  const { rows } = await sql<{ name: string }>`
    select column_name as name from information_schema.columns
    where table_schema = current_schema() and table_name = ${table} order by ordinal_position`.execute(db);
  return rows.map((r) => r.name);
}

/** The newest migration applied: a backup restores only into the schema it was taken from. */
export async function schemaVersion(db: Db): Promise<string> {
  const { rows } = await sql<{ name: string }>`select name from kysely_migration order by name desc limit 1`.execute(db);
  return rows[0]?.name ?? 'none';
}

/**
 * The one-row-per-monitor state tables are overwritten at every check. On PostgreSQL each overwrite
 * leaves a dead tuple; with room left on the page (fill factor 50) and no indexed column changed, the
 * update is HOT and the page prunes itself without waiting for a vacuum, so the tables stay their size
 * at 1,000 checks/s. Autovacuum also starts at 2 % dead rows instead of 20 %. SQLite overwrites in
 * place: nothing to do there.
 */
import { PostgresAdapter, sql, type Kysely } from 'kysely';

const TABLES = ['monitor_state', 'alert_state'] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  for (const table of TABLES) {
    await sql`alter table ${sql.table(table)} set (fillfactor = 50, autovacuum_vacuum_scale_factor = 0.02, autovacuum_analyze_scale_factor = 0.05)`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  for (const table of TABLES) {
    await sql`alter table ${sql.table(table)} reset (fillfactor, autovacuum_vacuum_scale_factor, autovacuum_analyze_scale_factor)`.execute(db);
  }
}

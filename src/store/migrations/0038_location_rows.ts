/**
 * A result row's identity becomes (monitor, at, location). The scheduler's phase is a function of the
 * monitor id alone (core/schedule.ts), so local and every agent checking one monitor start in the
 * same millisecond: under (monitor, at) all but one location's row were dropped.
 *
 * SQLite: the table is WITHOUT ROWID (clustered by its primary key), so it is rebuilt by copy in key
 * order. PostgreSQL: the constraint is swapped in place; the new index entry is no larger (int, bigint,
 * int pads to the same 24 bytes as int, bigint).
 *
 * Also the latest result of each (monitor, location) of monitors run in several places
 * (store/location-state.ts), so the quorum decides from it after a restart.
 *
 * down() keeps one row of each (monitor, at): the lowest location key (local first).
 */
import { PostgresAdapter, sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`alter table results drop constraint results_pk, add constraint results_pk primary key (monitor_key, at, location_key)`.execute(db);
  } else {
    await rebuildSqlite(db, ['monitor_key', 'at', 'location_key'], sql``);
  }
  await db.schema
    .createTable('location_state')
    .addColumn('monitor_id', 'text', (c) => c.notNull())
    .addColumn('location', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('location_state_pk', ['monitor_id', 'location'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('location_state').execute();
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`delete from results r using results s
      where s.monitor_key = r.monitor_key and s.at = r.at and s.location_key < r.location_key`.execute(db);
    await sql`alter table results drop constraint results_pk, add constraint results_pk primary key (monitor_key, at)`.execute(db);
  } else {
    // Key order puts the lowest location of each (monitor, at) first; the rest conflict and are dropped.
    await rebuildSqlite(db, ['monitor_key', 'at'], sql`on conflict do nothing`);
  }
}

/**
 * In one transaction of its own: Kysely runs SQLite migrations outside one (it assumes no
 * transactional DDL, which SQLite has), and a crash between dropping the old table and renaming the
 * new one would otherwise lose every result.
 */
async function rebuildSqlite(db: Kysely<unknown>, key: string[], onConflict: ReturnType<typeof sql>): Promise<void> {
  await db.transaction().execute((trx) => copySqlite(trx, key, onConflict));
}

async function copySqlite(db: Kysely<unknown>, key: string[], onConflict: ReturnType<typeof sql>): Promise<void> {
  await db.schema
    .createTable('results_new')
    .addColumn('monitor_key', 'integer', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('code', 'integer', (c) => c.notNull())
    .addColumn('latency_us', 'integer', (c) => c.notNull())
    .addColumn('detail', 'text')
    .addColumn('location_key', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('results_pk', key as never)
    .modifyEnd(sql`without rowid`)
    .execute();
  await sql`insert into results_new (monitor_key, at, code, latency_us, detail, location_key)
    select monitor_key, at, code, latency_us, detail, location_key from results
    where true order by monitor_key, at, location_key ${onConflict}`.execute(db);
  await db.schema.dropTable('results').execute();
  await sql`alter table results_new rename to results`.execute(db);
  await db.schema.createIndex('results_at').on('results').columns(['at', 'monitor_key']).execute();
}

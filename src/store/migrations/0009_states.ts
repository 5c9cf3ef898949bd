/**
 * The state model of docs/states.md: results may be `unknown`, a monitor's confirmed status may also
 * be `pending` or `unknown`, a state row says which change its latest results point to
 * (`confirming`), results say whether they count towards uptime (`excluded`: pending, maintenance),
 * and rollups count unknown and excluded results apart.
 *
 * SQLite cannot alter a CHECK constraint, so there `results` and `monitor_state` are rebuilt (copied
 * into a new table with the wider check, in one statement each); PostgreSQL swaps the constraints
 * in place. `results` is the big table: the copy is one INSERT … SELECT, about a million rows a second.
 */
import { PostgresAdapter, sql, type Kysely } from 'kysely';

const RESULT = ['up', 'degraded', 'down', 'unknown'];
const CONFIRMED = [...RESULT, 'pending'];

function sqlIn(column: string, values: readonly string[]) {
  return sql`${sql.ref(column)} in (${sql.join(values.map((value) => sql.lit(value)))})`;
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('rollups')
    .addColumn('unknown', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('rollups')
    .addColumn('excluded', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  if (db.getExecutor().adapter instanceof PostgresAdapter) await widenPostgres(db);
  else await rebuildSqlite(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`delete from results where status = 'unknown'`.execute(db);
  await sql`delete from monitor_state where status in ('unknown', 'pending') or last_status = 'unknown'`.execute(db);
  await db.schema.alterTable('rollups').dropColumn('excluded').execute();
  await db.schema.alterTable('rollups').dropColumn('unknown').execute();
  await db.schema.alterTable('results').dropColumn('excluded').execute();
  await db.schema.alterTable('monitor_state').dropColumn('confirming').execute();
}

async function widenPostgres(db: Kysely<unknown>): Promise<void> {
  const swap = async (table: string, column: string, values: readonly string[]) => {
    const name = `${table}_${column}_check`;
    await sql`alter table ${sql.table(table)} drop constraint if exists ${sql.ref(name)}`.execute(db);
    await sql`alter table ${sql.table(table)} add constraint ${sql.ref(name)} check (${sqlIn(column, values)})`.execute(db);
  };
  await swap('results', 'status', RESULT);
  await swap('monitor_state', 'status', CONFIRMED);
  await swap('monitor_state', 'last_status', RESULT);
  await db.schema
    .alterTable('results')
    .addColumn('excluded', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('monitor_state').addColumn('confirming', 'text').execute();
}

async function rebuildSqlite(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('results_new')
    .addColumn('monitor_id', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sqlIn('status', RESULT)))
    .addColumn('latency_ms', 'double precision', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('timings', 'text', (c) => c.notNull())
    .addColumn('metrics', 'text')
    .addColumn('missed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('excluded', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await move(db, 'results', ['monitor_id', 'at', 'status', 'latency_ms', 'message', 'timings', 'metrics', 'missed']);
  await db.schema.createIndex('results_monitor_at').on('results').columns(['monitor_id', 'at']).execute();
  await db.schema.createIndex('results_at_monitor').on('results').columns(['at', 'monitor_id']).execute();

  await db.schema
    .createTable('monitor_state_new')
    .addColumn('monitor_id', 'text', (c) => c.primaryKey())
    .addColumn('status', 'text', (c) => c.notNull().check(sqlIn('status', CONFIRMED)))
    .addColumn('since', 'bigint', (c) => c.notNull())
    .addColumn('last_at', 'bigint', (c) => c.notNull())
    .addColumn('last_status', 'text', (c) => c.notNull().check(sqlIn('last_status', RESULT)))
    .addColumn('last_message', 'text', (c) => c.notNull())
    .addColumn('last_latency_ms', 'double precision', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('confirming', 'text')
    .execute();
  await move(db, 'monitor_state', ['monitor_id', 'status', 'since', 'last_at', 'last_status', 'last_message', 'last_latency_ms', 'updated_at']);
}

/** Fills `<table>_new` from `table`, drops the old one and takes its name (indexes go with the old table). */
async function move(db: Kysely<unknown>, table: string, columns: readonly string[]): Promise<void> {
  const list = sql.join(columns.map((c) => sql.ref(c)));
  await sql`insert into ${sql.table(`${table}_new`)} (${list}) select ${list} from ${sql.table(table)}`.execute(db);
  await db.schema.dropTable(table).execute();
  await sql`alter table ${sql.table(`${table}_new`)} rename to ${sql.table(table)}`.execute(db);
}

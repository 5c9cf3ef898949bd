/** Monitors, raw results, alert state, rollups and watermarks. Dialect-neutral: runs unchanged on SQLite and PostgreSQL. */
import { sql, type Kysely } from 'kysely';

/** CHECK (column IN (...)) with literals: DDL cannot carry bound parameters. */
function sqlIn(column: string, values: readonly string[]) {
  return sql`${sql.ref(column)} in (${sql.join(values.map((value) => sql.lit(value)))})`;
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('monitors')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull().check(sqlIn('source', ['config', 'api'])))
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('deleted_at', 'bigint')
    .execute();

  await db.schema
    .createTable('results')
    .addColumn('monitor_id', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sqlIn('status', STATUSES)))
    // double precision, not real: PostgreSQL's real is float4 and would not round-trip 123.456.
    .addColumn('latency_ms', 'double precision', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('timings', 'text', (c) => c.notNull())
    .addColumn('metrics', 'text')
    .addColumn('missed', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('results_monitor_at').on('results').columns(['monitor_id', 'at']).execute();
  // Rollups scan one period across all monitors and pruning deletes oldest-first in (at, monitor_id) order.
  await db.schema.createIndex('results_at_monitor').on('results').columns(['at', 'monitor_id']).execute();

  await db.schema
    .createTable('monitor_state')
    .addColumn('monitor_id', 'text', (c) => c.primaryKey())
    .addColumn('status', 'text', (c) => c.notNull().check(sqlIn('status', STATUSES)))
    .addColumn('since', 'bigint', (c) => c.notNull())
    .addColumn('last_at', 'bigint', (c) => c.notNull())
    .addColumn('last_status', 'text', (c) => c.notNull().check(sqlIn('last_status', STATUSES)))
    .addColumn('last_message', 'text', (c) => c.notNull())
    .addColumn('last_latency_ms', 'double precision', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('rollups')
    .addColumn('monitor_id', 'text', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull().check(sqlIn('period', ['hour', 'day'])))
    .addColumn('bucket', 'bigint', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addColumn('up', 'integer', (c) => c.notNull())
    .addColumn('degraded', 'integer', (c) => c.notNull())
    .addColumn('down', 'integer', (c) => c.notNull())
    .addColumn('latency_p50', 'double precision')
    .addColumn('latency_p95', 'double precision')
    .addColumn('latency_max', 'double precision')
    .addPrimaryKeyConstraint('rollups_pk', ['monitor_id', 'period', 'bucket'])
    .execute();
  await db.schema.createIndex('rollups_bucket').on('rollups').columns(['bucket', 'monitor_id', 'period']).execute();

  await db.schema
    .createTable('meta')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['meta', 'rollups', 'monitor_state', 'results', 'monitors']) {
    await db.schema.dropTable(table).execute();
  }
}

const STATUSES = ['up', 'degraded', 'down'];

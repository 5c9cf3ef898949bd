/**
 * Hourly and daily rollups keyed like results and minute rollups: the integer monitor key instead of
 * the text id, latencies in whole microseconds, and on SQLite a WITHOUT ROWID table clustered by
 * (monitor_key, period, bucket), so one monitor's history is one range and no rowid is stored.
 * 90 days of hours for 10,000 monitors is 21.6 million rows: bytes per row decide the database size.
 * Existing rollups are carried over; monitors that only had rollups get a key.
 */
import { PostgresAdapter, sql, type Kysely } from 'kysely';

const COUNTS = ['count', 'up', 'degraded', 'down', 'unknown', 'excluded'] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  let table = db.schema
    .createTable('rollups_new')
    .addColumn('monitor_key', 'integer', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull().check(sql`period in ('hour', 'day')`))
    .addColumn('bucket', 'bigint', (c) => c.notNull());
  for (const column of COUNTS) table = table.addColumn(column, 'integer', (c) => c.notNull());
  for (const column of ['latency_p50_us', 'latency_p95_us', 'latency_max_us']) table = table.addColumn(column, 'integer');
  await table
    .addPrimaryKeyConstraint('rollups_key_pk', ['monitor_key', 'period', 'bucket'])
    .modifyEnd(postgres ? sql`` : sql`without rowid`)
    .execute();

  await sql`insert into monitor_keys (monitor_key, monitor_id)
    select (select coalesce(max(monitor_key), 0) from monitor_keys) + row_number() over (order by monitor_id), monitor_id
    from (select distinct monitor_id from rollups where monitor_id not in (select monitor_id from monitor_keys)) d`.execute(db);
  const us = (column: string) => sql`cast(round(${sql.ref(column)} * 1000) as integer)`;
  await sql`insert into rollups_new (monitor_key, period, bucket, count, up, degraded, down, unknown, excluded, latency_p50_us, latency_p95_us, latency_max_us)
    select k.monitor_key, r.period, r.bucket, r.count, r.up, r.degraded, r.down, r.unknown, r.excluded, ${us('latency_p50')}, ${us('latency_p95')}, ${us('latency_max')}
    from rollups r join monitor_keys k on k.monitor_id = r.monitor_id`.execute(db);
  await db.schema.dropTable('rollups').execute();
  await sql`alter table rollups_new rename to rollups`.execute(db);
  // Uptime of every monitor over a window, and pruning oldest first, read by period and time.
  await db.schema.createIndex('rollups_period_bucket').on('rollups').columns(['period', 'bucket', 'monitor_key']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('rollups_old')
    .addColumn('monitor_id', 'text', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('bucket', 'bigint', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addColumn('up', 'integer', (c) => c.notNull())
    .addColumn('degraded', 'integer', (c) => c.notNull())
    .addColumn('down', 'integer', (c) => c.notNull())
    .addColumn('latency_p50', 'double precision')
    .addColumn('latency_p95', 'double precision')
    .addColumn('latency_max', 'double precision')
    .addColumn('unknown', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('excluded', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('rollups_pk', ['monitor_id', 'period', 'bucket'])
    .execute();
  await sql`insert into rollups_old (monitor_id, period, bucket, count, up, degraded, down, unknown, excluded, latency_p50, latency_p95, latency_max)
    select k.monitor_id, r.period, r.bucket, r.count, r.up, r.degraded, r.down, r.unknown, r.excluded,
      r.latency_p50_us / 1000.0, r.latency_p95_us / 1000.0, r.latency_max_us / 1000.0
    from rollups r join monitor_keys k on k.monitor_key = r.monitor_key`.execute(db);
  await db.schema.dropTable('rollups').execute();
  await sql`alter table rollups_old rename to rollups`.execute(db);
  await db.schema.createIndex('rollups_bucket').on('rollups').columns(['bucket', 'monitor_id', 'period']).execute();
}

/**
 * Per-minute aggregates, keyed like the compact results (integer monitor key, latencies in whole
 * microseconds) and clustered by (monitor_key, bucket) on SQLite. Filled going forward by
 * housekeeping, which backfills at most the last two days on its first run (store/rollups.ts).
 */
import { PostgresAdapter, sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  let table = db.schema
    .createTable('minute_rollups')
    .addColumn('monitor_key', 'integer', (c) => c.notNull())
    .addColumn('bucket', 'bigint', (c) => c.notNull());
  for (const column of ['count', 'up', 'degraded', 'down', 'unknown', 'excluded']) table = table.addColumn(column, 'integer', (c) => c.notNull());
  for (const column of ['latency_p50_us', 'latency_p95_us', 'latency_max_us']) table = table.addColumn(column, 'integer');
  await table
    .addPrimaryKeyConstraint('minute_rollups_pk', ['monitor_key', 'bucket'])
    .modifyEnd(postgres ? sql`` : sql`without rowid`)
    .execute();
  await db.schema.createIndex('minute_rollups_bucket').on('minute_rollups').columns(['bucket', 'monitor_key']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('minute_rollups').execute();
  await sql`delete from meta where key = 'rollups.minute.watermark'`.execute(db);
}

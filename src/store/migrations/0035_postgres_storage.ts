/**
 * PostgreSQL's share of bounded storage. Every row there pays a 24-byte header and a 4-byte line
 * pointer, is padded to 8 bytes, and each index entry pays 8 more plus padding: bytes that SQLite's
 * varint records do not spend. Measured on 500,000 rows written in time order across 1,000 monitors
 * (bench/storage.mjs measures the same from real rows):
 *
 * - minute_rollups: the bigint first, then the integers, then the six counts as smallint (a minute
 *   holds at most a few hundred results) makes the row 64 bytes instead of 80; the secondary index on
 *   (bucket, monitor_key) becomes one on bucket alone, which PostgreSQL deduplicates (10,000 monitors
 *   share each bucket): 8 bytes an entry instead of 32. 156 → 116 bytes a row.
 * - rollups: `period` becomes an enum (4 bytes, no length header) and comes after the bigint, so the
 *   primary key (monitor_key, period, bucket) is 24 bytes an entry instead of 32 plus padding; the
 *   secondary index is (period, bucket), deduplicated. Counts stay integer: a day holds up to 86,400
 *   results. 200 → 132 bytes a row.
 * - results: the secondary index on (at, monitor_key) becomes one on at: 20 bytes an entry instead of
 *   28. Its heap row is already 48 bytes whatever the column order (18 bytes of data after the header).
 *   Readers that walk it in (at, monitor_key) order (pruning) get an incremental sort within one `at`.
 *
 * Results and rollups are written in time order and deleted oldest first by retention: with the
 * default thresholds (20 % of a table dead before a vacuum) a table of 14 million results would carry
 * 3 million dead rows and grow by a fifth before autovacuum freed the space for new rows. At 1 % the
 * space is freed within minutes of the prune and new rows reuse it. Inserts alone trigger a vacuum
 * sooner (5 %), which keeps the visibility map current for index-only look-ups. The state tables
 * (0020: fill factor 50, HOT updates) get a vacuum that does not sleep between pages: they are small
 * and rewritten at every check. SQLite: nothing to do (its records are already varint-packed).
 */
import { PostgresAdapter, sql, type Kysely } from 'kysely';

const HISTORY = ['results', 'minute_rollups', 'rollups'] as const;
const STATE = ['monitor_state', 'alert_state'] as const;
const COUNTS = ['count', 'up', 'degraded', 'down', 'unknown', 'excluded'] as const;
const LATENCIES = ['latency_p50_us', 'latency_p95_us', 'latency_max_us'] as const;
const COLUMNS = [...COUNTS, ...LATENCIES].map((c) => sql.ref(c));

export async function up(db: Kysely<unknown>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;

  let minutes = db.schema
    .createTable('minute_rollups_new')
    .addColumn('bucket', 'bigint', (c) => c.notNull())
    .addColumn('monitor_key', 'integer', (c) => c.notNull());
  for (const column of LATENCIES) minutes = minutes.addColumn(column, 'integer');
  for (const column of COUNTS) minutes = minutes.addColumn(column, 'smallint', (c) => c.notNull());
  await minutes.addPrimaryKeyConstraint('minute_rollups_new_pk', ['monitor_key', 'bucket']).execute();
  await sql`insert into minute_rollups_new (bucket, monitor_key, ${sql.join(COLUMNS)})
    select bucket, monitor_key, ${sql.join(COLUMNS)} from minute_rollups order by bucket, monitor_key`.execute(db);
  await db.schema.dropTable('minute_rollups').execute();
  await sql`alter table minute_rollups_new rename to minute_rollups`.execute(db);
  await sql`alter table minute_rollups rename constraint minute_rollups_new_pk to minute_rollups_pk`.execute(db);
  await db.schema.createIndex('minute_rollups_bucket').on('minute_rollups').column('bucket').execute();

  await sql`create type rollup_period as enum ('hour', 'day')`.execute(db);
  let rollups = db.schema
    .createTable('rollups_new')
    .addColumn('bucket', 'bigint', (c) => c.notNull())
    .addColumn('monitor_key', 'integer', (c) => c.notNull())
    .addColumn('period', sql`rollup_period`, (c) => c.notNull());
  for (const column of [...COUNTS, ...LATENCIES]) rollups = rollups.addColumn(column, 'integer', (c) => (COUNTS.includes(column as never) ? c.notNull() : c));
  await rollups.addPrimaryKeyConstraint('rollups_new_pk', ['monitor_key', 'period', 'bucket']).execute();
  await sql`insert into rollups_new (bucket, monitor_key, period, ${sql.join(COLUMNS)})
    select bucket, monitor_key, period::rollup_period, ${sql.join(COLUMNS)} from rollups order by bucket, monitor_key`.execute(db);
  await db.schema.dropTable('rollups').execute();
  await sql`alter table rollups_new rename to rollups`.execute(db);
  await sql`alter table rollups rename constraint rollups_new_pk to rollups_key_pk`.execute(db);
  await db.schema.createIndex('rollups_period_bucket').on('rollups').columns(['period', 'bucket']).execute();

  await db.schema.dropIndex('results_at').execute();
  await db.schema.createIndex('results_at').on('results').column('at').execute();

  for (const table of HISTORY) {
    await sql`alter table ${sql.table(table)} set (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_insert_scale_factor = 0.05, autovacuum_analyze_scale_factor = 0.02)`.execute(
      db,
    );
  }
  for (const table of STATE) await sql`alter table ${sql.table(table)} set (autovacuum_vacuum_cost_delay = 0)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  for (const table of STATE) await sql`alter table ${sql.table(table)} reset (autovacuum_vacuum_cost_delay)`.execute(db);

  await db.schema.dropIndex('results_at').execute();
  await db.schema.createIndex('results_at').on('results').columns(['at', 'monitor_key']).execute();
  await sql`alter table results reset (autovacuum_vacuum_scale_factor, autovacuum_vacuum_insert_scale_factor, autovacuum_analyze_scale_factor)`.execute(db);

  let rollups = db.schema
    .createTable('rollups_old')
    .addColumn('monitor_key', 'integer', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull().check(sql`period in ('hour', 'day')`))
    .addColumn('bucket', 'bigint', (c) => c.notNull());
  for (const column of COUNTS) rollups = rollups.addColumn(column, 'integer', (c) => c.notNull());
  for (const column of LATENCIES) rollups = rollups.addColumn(column, 'integer');
  await rollups.addPrimaryKeyConstraint('rollups_old_pk', ['monitor_key', 'period', 'bucket']).execute();
  await sql`insert into rollups_old (monitor_key, period, bucket, ${sql.join(COLUMNS)})
    select monitor_key, period::text, bucket, ${sql.join(COLUMNS)} from rollups`.execute(db);
  await db.schema.dropTable('rollups').execute();
  await sql`drop type rollup_period`.execute(db);
  await sql`alter table rollups_old rename to rollups`.execute(db);
  await sql`alter table rollups rename constraint rollups_old_pk to rollups_key_pk`.execute(db);
  await db.schema.createIndex('rollups_period_bucket').on('rollups').columns(['period', 'bucket', 'monitor_key']).execute();

  let minutes = db.schema
    .createTable('minute_rollups_old')
    .addColumn('monitor_key', 'integer', (c) => c.notNull())
    .addColumn('bucket', 'bigint', (c) => c.notNull());
  for (const column of COUNTS) minutes = minutes.addColumn(column, 'integer', (c) => c.notNull());
  for (const column of LATENCIES) minutes = minutes.addColumn(column, 'integer');
  await minutes.addPrimaryKeyConstraint('minute_rollups_old_pk', ['monitor_key', 'bucket']).execute();
  await sql`insert into minute_rollups_old (monitor_key, bucket, ${sql.join(COLUMNS)})
    select monitor_key, bucket, ${sql.join(COLUMNS)} from minute_rollups`.execute(db);
  await db.schema.dropTable('minute_rollups').execute();
  await sql`alter table minute_rollups_old rename to minute_rollups`.execute(db);
  await sql`alter table minute_rollups rename constraint minute_rollups_old_pk to minute_rollups_pk`.execute(db);
  await db.schema.createIndex('minute_rollups_bucket').on('minute_rollups').columns(['bucket', 'monitor_key']).execute();
}

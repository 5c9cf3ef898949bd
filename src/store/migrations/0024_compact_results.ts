/**
 * The compact result row (store/result-codec.ts): an integer monitor key instead of the text id,
 * status and flags in one small integer, latency in whole microseconds, and the check's words
 * (message, timings, metrics) only on rows that say something new. On SQLite the table is WITHOUT
 * ROWID, clustered by (monitor_key, at): no rowid and no separate (monitor, at) index to store.
 *
 * Existing results are carried over in one INSERT … SELECT per table, with the writer's rule made
 * stricter where SQL cannot follow it: words kept for failures, missed runs, changes of status or
 * flags, the first result of each monitor in a clock hour, and any message not exactly the previous
 * one (the writer sets numbers aside; portable SQL has no regular expressions). Old routine rows thus
 * keep more words than new ones, until retention.successes ages them out. Two rows of one monitor in
 * the same millisecond collapse into one.
 */
import { PostgresAdapter, sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .createTable('monitor_keys')
    .addColumn('monitor_key', 'integer', (c) => c.primaryKey())
    .addColumn('monitor_id', 'text', (c) => c.notNull().unique())
    .execute();
  await db.schema
    .createTable('results_new')
    .addColumn('monitor_key', 'integer', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('code', postgres ? 'smallint' : 'integer', (c) => c.notNull())
    .addColumn('latency_us', 'integer', (c) => c.notNull())
    .addColumn('detail', 'text')
    .addPrimaryKeyConstraint('results_pk', ['monitor_key', 'at'])
    .modifyEnd(postgres ? sql`` : sql`without rowid`)
    .execute();

  await sql`insert into monitor_keys (monitor_key, monitor_id)
    select row_number() over (order by monitor_id), monitor_id from (select distinct monitor_id from results) d`.execute(db);
  const detail = postgres
    ? sql`json_build_object('m', message, 't', timings::json, 'x', metrics::json)::text`
    : sql`json_object('m', message, 't', json(timings), 'x', json(metrics))`;
  await sql`insert into results_new (monitor_key, at, code, latency_us, detail)
    select k.monitor_key, r.at, r.code, r.latency_us,
      case when (r.code & 23) <> 0 or r.flags <> r.prev_flags or r.prev_at is null or r.prev_at / 3600000 <> r.at / 3600000
        or r.message <> r.prev_message then ${detail} end
    from (
      select monitor_id, at, message, timings, metrics,
        ${statusCode(sql`status`)} + 4 * missed + 8 * excluded
          + case when coalesce(lag(status) over w, '') <> status then 16 else 0 end as code,
        4 * missed + 8 * excluded as flags,
        coalesce(lag(4 * missed + 8 * excluded) over w, -1) as prev_flags,
        lag(at) over w as prev_at,
        coalesce(lag(message) over w, message) as prev_message,
        cast(round(latency_ms * 1000) as integer) as latency_us
      from results
      window w as (partition by monitor_id order by at)
    ) r join monitor_keys k on k.monitor_id = r.monitor_id
    where true
    on conflict do nothing`.execute(db);
  await db.schema.dropTable('results').execute();
  await sql`alter table results_new rename to results`.execute(db);
  // Rollups scan one period across all monitors, and pruning deletes oldest first.
  await db.schema.createIndex('results_at').on('results').columns(['at', 'monitor_key']).execute();
}

function statusCode(column: ReturnType<typeof sql>) {
  return sql`case ${column} when 'up' then 0 when 'degraded' then 1 when 'down' then 2 else 3 end`;
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .createTable('results_old')
    .addColumn('monitor_id', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('latency_ms', 'double precision', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('timings', 'text', (c) => c.notNull())
    .addColumn('metrics', 'text')
    .addColumn('missed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('excluded', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  const field = (name: string) => (postgres ? sql`(r.detail::json ->> ${sql.lit(name)})` : sql`json_extract(r.detail, ${sql.lit(`$.${name}`)})`);
  const json = (name: string) => (postgres ? sql`(r.detail::json -> ${sql.lit(name)})::text` : sql`json_extract(r.detail, ${sql.lit(`$.${name}`)})`);
  await sql`insert into results_old (monitor_id, at, status, latency_ms, message, timings, metrics, missed, excluded)
    select k.monitor_id, r.at,
      case r.code & 3 when 0 then 'up' when 1 then 'degraded' when 2 then 'down' else 'unknown' end,
      r.latency_us / 1000.0, coalesce(${field('m')}, ''), coalesce(${json('t')}, '{}'), nullif(${json('x')}, 'null'),
      case when (r.code & 4) <> 0 then 1 else 0 end, case when (r.code & 8) <> 0 then 1 else 0 end
    from results r join monitor_keys k on k.monitor_key = r.monitor_key`.execute(db);
  await db.schema.dropTable('results').execute();
  await db.schema.dropTable('monitor_keys').execute();
  await sql`alter table results_old rename to results`.execute(db);
  await db.schema.createIndex('results_monitor_at').on('results').columns(['monitor_id', 'at']).execute();
  await db.schema.createIndex('results_at_monitor').on('results').columns(['at', 'monitor_id']).execute();
}

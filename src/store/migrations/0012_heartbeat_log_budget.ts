/**
 * Heartbeat logs under a per-monitor byte budget: each run row records the size of its log, and a
 * log dropped for space leaves its row with the log removed and the time it was dropped. A partial
 * index holds only the runs that still keep a log, so finding a monitor's oldest kept logs does not
 * walk past the rows already emptied. Rows from before carry their size in characters (`length` is
 * dialect-neutral; bytes and characters agree for the ASCII that job logs mostly are).
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('heartbeat_runs').addColumn('log_bytes', 'bigint').execute();
  await db.schema.alterTable('heartbeat_runs').addColumn('log_dropped_at', 'bigint').execute();
  await sql`update ${sql.table('heartbeat_runs')} set ${sql.ref('log_bytes')} = length(${sql.ref('log')}) where ${sql.ref('log')} is not null`.execute(db);
  await db.schema
    .createIndex('heartbeat_runs_kept_logs')
    .on('heartbeat_runs')
    .columns(['monitor_id', 'at', 'id'])
    .where(sql.ref('log'), 'is not', null)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('heartbeat_runs_kept_logs').execute();
  await db.schema.alterTable('heartbeat_runs').dropColumn('log_dropped_at').execute();
  await db.schema.alterTable('heartbeat_runs').dropColumn('log_bytes').execute();
}

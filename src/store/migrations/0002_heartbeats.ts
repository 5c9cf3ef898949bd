/**
 * Heartbeat pings: one row per ping received (start, success, fail, log), with the run it closes
 * when a start was paired with it. Dialect-neutral; ids and timestamps (epoch ms) come from code.
 */
import { sql, type Kysely } from 'kysely';

const KINDS = ['start', 'success', 'fail', 'log'];

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('heartbeat_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('monitor_id', 'text', (c) => c.notNull())
    .addColumn('rid', 'text')
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`${sql.ref('kind')} in (${sql.join(KINDS.map((k) => sql.lit(k)))})`))
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('started_at', 'bigint')
    .addColumn('ended_at', 'bigint')
    .addColumn('duration_ms', 'bigint')
    .addColumn('exit_status', 'integer')
    .addColumn('log', 'text')
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('remote_addr', 'text')
    .addColumn('user_agent', 'text')
    .execute();
  // Replay at start reads each monitor's latest pings; pruning deletes oldest-first.
  await db.schema.createIndex('heartbeat_runs_monitor_at').on('heartbeat_runs').columns(['monitor_id', 'at']).execute();
  await db.schema.createIndex('heartbeat_runs_at').on('heartbeat_runs').column('at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('heartbeat_runs').execute();
}

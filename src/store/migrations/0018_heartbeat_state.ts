/**
 * Heartbeat state in the store, so no instance holds it only in memory: what each heartbeat's pings
 * add up to (runs, JSON) and `alert_after`, the instant the passage of time alone next changes its
 * verdict (last ping + period + grace, a run's max_runtime, …; null when nothing is pending). The
 * index on alert_after lets any instance find overdue heartbeats without walking every monitor, and
 * a restart reads the state back instead of replaying pings.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('heartbeat_state')
    .addColumn('monitor_id', 'text', (c) => c.primaryKey())
    // JSON of RunsState (core/heartbeat/runs.ts), validated on read; logs cut to their first 1,000 characters.
    .addColumn('runs', 'text', (c) => c.notNull())
    .addColumn('alert_after', 'bigint')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('heartbeat_state_alert_after').on('heartbeat_state').column('alert_after').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('heartbeat_state').execute();
}

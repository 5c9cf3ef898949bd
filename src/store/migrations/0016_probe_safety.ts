/**
 * Probes that reach inside networks, and monitors that froze the engine.
 *
 * - users.probe_internal: an editor an admin trusted with the monitor types that reach inside
 *   networks (SQL, Redis, raw TCP, HTTP with headers or a body). 0 for everyone who exists.
 * - monitor_quarantine: monitors whose check was running when the engine froze at two restarts in
 *   a row. Not run while the row's definition is still the monitor's (an edit releases it).
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('probe_internal', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createTable('monitor_quarantine')
    .addColumn('monitor_id', 'text', (c) => c.primaryKey())
    // canonicalJson of the definition it was quarantined with: a changed definition is a released monitor.
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('monitor_quarantine').execute();
  await db.schema.alterTable('users').dropColumn('probe_internal').execute();
}

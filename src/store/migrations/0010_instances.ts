/**
 * Running tocsin engines and their heartbeat: one row per instance name, written every few seconds by
 * the engine, so `tocsin status` can tell from the store alone whether anything is checking. General
 * on purpose: several instances on one PostgreSQL will share monitors through leases built on it.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('instances')
    // Default: the host name. One row per name, replaced when an instance of that name starts.
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('pid', 'integer', (c) => c.notNull())
    .addColumn('host', 'text', (c) => c.notNull())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .addColumn('heartbeat_at', 'bigint', (c) => c.notNull())
    // Set on a clean stop; a crash leaves it null and the heartbeat ages.
    .addColumn('stopped_at', 'bigint')
    // bigint: 100,000 monitors a minute pass 2^31 checks within a month.
    .addColumn('checks_completed', 'bigint', (c) => c.notNull())
    .addColumn('monitors_scheduled', 'integer', (c) => c.notNull())
    .addColumn('last_result_at', 'bigint')
    // JSON array of the failed /healthz conditions ({name, detail}); empty when healthy.
    .addColumn('health', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('instances').execute();
}

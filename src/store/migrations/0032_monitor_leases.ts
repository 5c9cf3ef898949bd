/**
 * Which instance runs which monitor, when several tocsin processes share one PostgreSQL database
 * (issue 21). A lease is held until `expires_at` and renewed well before; a lapsed one may be taken
 * by any instance with a conditional upsert, so two instances never hold the same monitor.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('monitor_leases')
    .addColumn('monitor_id', 'text', (c) => c.primaryKey())
    .addColumn('holder', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('taken_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('monitor_leases_holder').on('monitor_leases').columns(['holder', 'expires_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('monitor_leases').execute();
}

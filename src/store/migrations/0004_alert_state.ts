/**
 * The alert state machine's state per monitor (so escalation and "already told" survive a restart)
 * and acknowledgements waiting for the engine: from `tocsin ack` and from signed links, whose token
 * id is unique so a link acknowledges once. Dialect-neutral: runs unchanged on SQLite and PostgreSQL.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('alert_state')
    .addColumn('monitor_id', 'text', (c) => c.primaryKey())
    // JSON of AlertState: plain data by design, read back as it was written.
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('ack_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('monitor_id', 'text', (c) => c.notNull())
    .addColumn('by', 'text', (c) => c.notNull())
    .addColumn('via', 'text', (c) => c.notNull())
    // The episode the person saw; null acknowledges whatever is open when the engine applies it.
    .addColumn('episode', 'integer')
    // Unique: a spent link stays spent. Both dialects allow many NULLs (CLI requests have none).
    .addColumn('token_id', 'text', (c) => c.unique())
    .addColumn('requested_at', 'bigint', (c) => c.notNull())
    .addColumn('applied_at', 'bigint')
    .addColumn('outcome', 'text')
    .execute();
  await db.schema.createIndex('ack_requests_pending').on('ack_requests').columns(['applied_at', 'requested_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('ack_requests').execute();
  await db.schema.dropTable('alert_state').execute();
}

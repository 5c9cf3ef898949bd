/**
 * The durable outbox and what delivery knows about each channel's health.
 * Dialect-neutral: runs unchanged on SQLite and PostgreSQL.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('outbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // monitor id + the event's dedup key + channel: a retried transition never enqueues twice.
    .addColumn('dedup_key', 'text', (c) => c.notNull().unique())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('monitor_id', 'text', (c) => c.notNull())
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('delivered_at', 'bigint')
    .addColumn('dead_at', 'bigint')
    .addColumn('claimed_until', 'bigint', (c) => c.notNull().defaultTo(0))
    // Which worker's claim this is: one UPDATE claims a batch, then the worker reads back what it won.
    .addColumn('claimed_by', 'text')
    .execute();
  // Partial indexes stay small however long delivered rows are kept: only pending rows are in them.
  // Claims walk this one in order and stop at the limit, rather than sorting every due row.
  await db.schema
    .createIndex('outbox_pending')
    .on('outbox')
    .columns(['channel', 'created_at', 'id'])
    .where(sql.ref('delivered_at'), 'is', null)
    .where(sql.ref('dead_at'), 'is', null)
    .execute();
  // "Is an older notification of this monitor still pending?": one short range per candidate.
  await db.schema
    .createIndex('outbox_pending_monitor')
    .on('outbox')
    .columns(['channel', 'monitor_id', 'created_at'])
    .where(sql.ref('delivered_at'), 'is', null)
    .where(sql.ref('dead_at'), 'is', null)
    .execute();
  await db.schema.createIndex('outbox_claimed_by').on('outbox').column('claimed_by').where(sql.ref('claimed_by'), 'is not', null).execute();
  // Only dead rows: with every pending row in it (dead_at null), SQLite chose it for the per-monitor check and went quadratic.
  await db.schema.createIndex('outbox_dead').on('outbox').columns(['channel', 'dead_at']).where(sql.ref('dead_at'), 'is not', null).execute();

  await db.schema
    .createTable('channel_health')
    .addColumn('channel', 'text', (c) => c.primaryKey())
    .addColumn('failing_since', 'bigint')
    .addColumn('last_error', 'text')
    .addColumn('last_ok_at', 'bigint')
    .addColumn('last_failure_at', 'bigint')
    // Set once the fallback channels were told of the current failure, so they are told once.
    .addColumn('alerted_at', 'bigint')
    // Dead notifications up to this dead_at have been reported on the fallback channels.
    .addColumn('dead_reported_at', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('channel_health').execute();
  await db.schema.dropTable('outbox').execute();
}

/**
 * Probe agents (issue 21): per-agent tokens named by location, stored as their SHA-256 like API
 * tokens; small integer keys for location names; and the location of every result row
 * (0 = local, the tocsin that wrote it, which every row written before this migration was).
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('agent_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('location', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull().unique())
    .addColumn('prefix', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_seen_at', 'bigint')
    .addColumn('revoked_at', 'bigint')
    .execute();
  await db.schema
    .createTable('location_keys')
    .addColumn('location_key', 'integer', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .execute();
  // A constant default: PostgreSQL adds it without rewriting the table, SQLite without copying it.
  await db.schema
    .alterTable('results')
    .addColumn('location_key', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('results').dropColumn('location_key').execute();
  await db.schema.dropTable('location_keys').execute();
  await db.schema.dropTable('agent_tokens').execute();
}

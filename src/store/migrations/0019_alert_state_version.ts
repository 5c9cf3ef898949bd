/**
 * A schema version on each alert state row, so a reader knows which shape the JSON has: rows
 * written before this column are version 1 (upgraded on read by core upgradeState()); tocsin now
 * writes version 2 and validates every row it reads (store/alert-state-codec.ts). And who asked for
 * each queued acknowledgement (ack_requests.actor, JSON of the audit actor), so the one audit row,
 * written when the engine applies it, names the person or token as the API saw them.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('alert_state')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.alterTable('ack_requests').addColumn('actor', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('ack_requests').dropColumn('actor').execute();
  await db.schema.alterTable('alert_state').dropColumn('version').execute();
}

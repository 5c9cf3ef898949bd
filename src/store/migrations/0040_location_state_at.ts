import type { Kysely } from 'kysely';

/**
 * When each location state was written (epoch ms, the writer's clock): instances in a cluster read
 * the rows written since their last lease turn, because an agent may post to an instance that does
 * not hold the monitor. Rows from before the column read as 0, written long ago.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('location_state')
    .addColumn('written_at', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('location_state_written_at').on('location_state').column('written_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('location_state_written_at').execute();
  await db.schema.alterTable('location_state').dropColumn('written_at').execute();
}

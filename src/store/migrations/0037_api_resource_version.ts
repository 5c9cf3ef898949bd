/**
 * A schema version on each channel, escalation policy, maintenance window and status page stored through
 * the API, so a reader knows which shape its JSON has and decodes it on read (store/api-resource-codec.ts).
 * Rows written before this column are version 1, the shape tocsin writes now.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('api_resources')
    .addColumn('definition_version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('api_resources').dropColumn('definition_version').execute();
}

/**
 * A schema version on each stored monitor definition, so a reader knows which shape its JSON has and
 * validates it on read (store/monitor-codec.ts). Rows written before this column are version 1, the
 * shape tocsin writes now.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('monitors')
    .addColumn('definition_version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('monitors').dropColumn('definition_version').execute();
}

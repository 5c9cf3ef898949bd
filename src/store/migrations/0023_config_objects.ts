/**
 * What the config file last applied, for the kinds that live in the file rather than in their own
 * table (channels, escalation policies, status pages, maintenance windows). `tocsin plan` diffs the
 * file against these rows, and a removed one is soft-deleted here so it can be restored. Monitors
 * keep their own table (0001), which already has the same soft delete.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('config_objects')
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`${sql.ref('kind')} in ('channel', 'escalation', 'status_page', 'maintenance')`))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('deleted_at', 'bigint')
    .addPrimaryKeyConstraint('config_objects_pk', ['kind', 'id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('config_objects').execute();
}

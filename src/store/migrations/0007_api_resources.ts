/**
 * Channels, escalation policies and maintenance windows created through the API. One table for the
 * three: each row is a definition as tocsin.yaml would write it (JSON), validated by the config's own
 * schemas when it is read, so the file and the API can never disagree on what a valid one is.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('api_resources')
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`${sql.ref('kind')} in ('channel', 'escalation', 'maintenance')`))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    // Soft delete, as for monitors: the audit log can still name what a deleted id was.
    .addColumn('deleted_at', 'bigint')
    .addPrimaryKeyConstraint('api_resources_pk', ['kind', 'id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('api_resources').execute();
}

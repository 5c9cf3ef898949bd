/** Action items of response incidents: owner, due date, state and a link to wherever the work is tracked. */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('action_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.notNull().references('response_incidents.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('owner', 'text')
    .addColumn('due_at', 'bigint')
    .addColumn('state', 'text', (c) => c.notNull().check(sql`${sql.ref('state')} in ('open', 'done', 'wontfix')`))
    .addColumn('link', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('action_items_incident').on('action_items').columns(['incident_id']).execute();
  // `tocsin report` and the dashboard ask for open items past their due date.
  await db.schema.createIndex('action_items_due').on('action_items').columns(['state', 'due_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('action_items').execute();
}

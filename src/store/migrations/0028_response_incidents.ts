/**
 * Response incidents (core/incident/types.ts) and what happened on them. Separate from the status
 * page posts of 0005 (`incidents`): a post is public, this is the responders' record. Lists
 * (participants, links, monitors, components, posts) are small JSON arrays, as posts' components are.
 */
import { sql, type Kysely } from 'kysely';

function sqlIn(column: string, values: readonly string[]) {
  return sql`${sql.ref(column)} in (${sql.join(values.map((value) => sql.lit(value)))})`;
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('response_incidents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('severity', 'integer', (c) => c.notNull().check(sql`${sql.ref('severity')} between 1 and 4`))
    .addColumn('state', 'text', (c) => c.notNull().check(sqlIn('state', ['investigating', 'identified', 'monitoring', 'resolved'])))
    .addColumn('commander', 'text')
    .addColumn('participants', 'text', (c) => c.notNull())
    .addColumn('links', 'text', (c) => c.notNull())
    .addColumn('monitors', 'text', (c) => c.notNull())
    .addColumn('components', 'text', (c) => c.notNull())
    .addColumn('posts', 'text', (c) => c.notNull())
    .addColumn('analysis', 'text', (c) => c.notNull())
    .addColumn('opened_by', 'text', (c) => c.notNull())
    .addColumn('opened_at', 'bigint', (c) => c.notNull())
    .addColumn('resolved_at', 'bigint')
    .addColumn('postmortem', 'text', (c) => c.notNull().check(sqlIn('postmortem', ['pending', 'published', 'waived'])))
    .addColumn('postmortem_at', 'bigint')
    // JSON of what the timeline was built from, kept at resolution: retention prunes results and the outbox later.
    .addColumn('facts', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('response_incidents_opened').on('response_incidents').columns(['opened_at']).execute();
  await db.schema.createIndex('response_incidents_state').on('response_incidents').columns(['state']).execute();

  await db.schema
    .createTable('response_incident_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.notNull().references('response_incidents.id'))
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('actor', 'text')
    .addColumn('monitor_id', 'text')
    .addColumn('text', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('response_incident_events_incident').on('response_incident_events').columns(['incident_id', 'at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('response_incident_events').execute();
  await db.schema.dropTable('response_incidents').execute();
}

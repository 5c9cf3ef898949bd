/**
 * Finished CI jobs received by the CI intake (GitHub Actions, GitLab, Jenkins, Buildkite, plain
 * JSON), one row per job, for ci monitors to judge and the dashboard to chart. The id is the sending
 * system's own (`github:job:123`), so a redelivered webhook replaces its row. Rows are kept for
 * ci_intake.retention; the index on finished_at serves both the windows and the pruning.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('ci_jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('pipeline', 'text', (c) => c.notNull())
    .addColumn('job', 'text', (c) => c.notNull())
    .addColumn('runner', 'text')
    // JSON array of strings.
    .addColumn('labels', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('queued_at', 'bigint')
    .addColumn('started_at', 'bigint')
    .addColumn('finished_at', 'bigint', (c) => c.notNull())
    .addColumn('url', 'text')
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ci_jobs_level_finished').on('ci_jobs').columns(['level', 'finished_at']).execute();
  await db.schema.createIndex('ci_jobs_finished').on('ci_jobs').column('finished_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('ci_jobs').execute();
}

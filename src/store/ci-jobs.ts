/** Finished CI jobs (migration 0030): written by the CI intake, read by ci monitors and the dashboard. */
import type { CiJobSource } from '../checks/ci/source.js';
import type { CiJob, CiLevel, CiOutcome, CiSource } from '../core/ci/job.js';
import type { Clock } from '../lib/clock.js';
import type { Db } from './schema.js';
import { logDamaged, storedJsonOr, storedStrings, type DamagedPart } from './stored-json.js';

export interface CiJobsTable {
  id: string;
  source: CiSource;
  level: CiLevel;
  pipeline: string;
  job: string;
  runner: string | null;
  /** JSON array of strings. */
  labels: string;
  outcome: CiOutcome;
  reason: string | null;
  queued_at: number | null;
  started_at: number | null;
  finished_at: number;
  url: string | null;
  received_at: number;
}

/** The store's Database plus this module's table, without editing the shared schema file. */
function withJobs(db: Db) {
  return db.withTables<{ ci_jobs: CiJobsTable }>();
}

function rowOf(job: CiJob, receivedAt: number): CiJobsTable {
  return {
    id: job.id,
    source: job.source,
    level: job.level,
    pipeline: job.pipeline,
    job: job.job,
    runner: job.runner,
    labels: JSON.stringify(job.labels),
    outcome: job.outcome,
    reason: job.reason,
    queued_at: job.queuedAt,
    started_at: job.startedAt,
    finished_at: job.finishedAt,
    url: job.url,
    received_at: receivedAt,
  };
}

/** A job as read: labels that do not decode are left out (none) and marked, so every read still answers. */
export type ReadCiJob = CiJob & { damaged?: DamagedPart[] };

// Jobs are only ever read in bulk (checks, the chart) and rewritten whole by the intake: no strict read is needed.
function jobOf(row: Omit<CiJobsTable, 'received_at'>): ReadCiJob {
  const damaged: DamagedPart[] = [];
  const labels = storedJsonOr(storedStrings, row.labels, [], 'labels', damaged);
  return {
    id: row.id,
    source: row.source,
    level: row.level,
    pipeline: row.pipeline,
    job: row.job,
    runner: row.runner,
    labels,
    outcome: row.outcome,
    reason: row.reason,
    queuedAt: row.queued_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    url: row.url,
    ...(damaged.length > 0 && { damaged }),
  };
}

/** Inserts jobs; one already stored under the same id (a webhook delivered again) is replaced. */
export async function upsertCiJobs(db: Db, jobs: readonly CiJob[], receivedAt: number): Promise<void> {
  if (jobs.length === 0) return;
  // Later copies of one id in a batch win, as they would arriving one by one.
  const rows = [...new Map(jobs.map((j) => [j.id, rowOf(j, receivedAt)])).values()];
  await withJobs(db)
    .insertInto('ci_jobs')
    .values(rows)
    .onConflict((oc) =>
      oc.column('id').doUpdateSet((eb) => ({
        outcome: eb.ref('excluded.outcome'),
        reason: eb.ref('excluded.reason'),
        runner: eb.ref('excluded.runner'),
        labels: eb.ref('excluded.labels'),
        queued_at: eb.ref('excluded.queued_at'),
        started_at: eb.ref('excluded.started_at'),
        finished_at: eb.ref('excluded.finished_at'),
        url: eb.ref('excluded.url'),
        received_at: eb.ref('excluded.received_at'),
      })),
    )
    .execute();
}

const COLUMNS = ['id', 'source', 'level', 'pipeline', 'job', 'runner', 'labels', 'outcome', 'reason', 'queued_at', 'started_at', 'finished_at', 'url'] as const;

/** Jobs of `level` finished in any of `ranges` (from exclusive, to inclusive), oldest first, at most `limit`. */
export async function ciJobsFinishedIn(db: Db, ranges: ReadonlyArray<{ from: number; to: number }>, level: CiLevel, limit: number): Promise<ReadCiJob[]> {
  if (ranges.length === 0) return [];
  const rows = await withJobs(db)
    .selectFrom('ci_jobs')
    .select(COLUMNS)
    .where('level', '=', level)
    .where((eb) => eb.or(ranges.map((r) => eb.and([eb('finished_at', '>', r.from), eb('finished_at', '<=', r.to)]))))
    .orderBy('finished_at')
    .limit(limit)
    .execute();
  return rows.map(jobOf);
}

/** Deletes jobs finished before `before`; returns how many. */
export async function pruneCiJobs(db: Db, before: number): Promise<number> {
  const result = await withJobs(db).deleteFrom('ci_jobs').where('finished_at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function countCiJobs(db: Db): Promise<number> {
  const row = await withJobs(db)
    .selectFrom('ci_jobs')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** At most this many damaged jobs are remembered as logged; past it one may be logged again. */
const LOGGED_MAX = 10_000;

/**
 * What ci checks read: the store's jobs on the engine's clock. A damaged job is logged the first time
 * it is read, not on every run of every check that reads it again until it is pruned.
 */
export function ciJobSource(db: Db, clock: Clock, logger: Parameters<typeof logDamaged>[0]): CiJobSource {
  const logged = new Set<string>();
  return {
    now: () => clock.now(),
    finishedIn: async (ranges, level, limit) => {
      const jobs = await ciJobsFinishedIn(db, ranges, level, limit);
      const fresh = jobs.filter((j) => j.damaged && !logged.has(j.id));
      if (fresh.length === 0) return jobs;
      if (logged.size + fresh.length > LOGGED_MAX) logged.clear();
      for (const j of fresh) logged.add(j.id);
      logDamaged(logger, 'CI job', fresh);
      return jobs;
    },
  };
}

/** When each system's newest job arrived, and how many jobs are stored for it: is the webhook reaching tocsin? */
export async function ciIntakeActivity(db: Db): Promise<Array<{ source: CiSource; jobs: number; lastReceivedAt: number }>> {
  const rows = await withJobs(db)
    .selectFrom('ci_jobs')
    .select((eb) => ['source', eb.fn.countAll<number>().as('jobs'), eb.fn.max('received_at').as('last')])
    .groupBy('source')
    .execute();
  return rows.map((r) => ({ source: r.source, jobs: Number(r.jobs), lastReceivedAt: Number(r.last) }));
}

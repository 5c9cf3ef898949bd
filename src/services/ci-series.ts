/** Failure rate per group over time, for the dashboard's CI page: the stored jobs through core/ci/series. */
import type { CiLevel } from '../core/ci/job.js';
import { selects, type CiGroupBy, type CiSelector } from '../core/ci/select.js';
import { failureSeries, type CiSeries } from '../core/ci/series.js';
import { ciJobsFinishedIn } from '../store/ci-jobs.js';
import type { Db } from '../store/schema.js';
import { logDamaged } from '../store/stored-json.js';

/** Jobs one chart may read: a busy CI's week fits; past it the chart says it is partial. */
export const MAX_SERIES_JOBS = 500_000;

export interface CiSeriesQuery {
  from: number;
  to: number;
  bucketMs: number;
  level: CiLevel;
  groupBy: CiGroupBy;
  groupLabels?: readonly string[];
  selector: Omit<CiSelector, 'level'>;
  maxGroups: number;
}

/** Damaged jobs one chart names (and logs): enough to find the rows, not one line per job of a broken batch. */
export const MAX_DAMAGED_NAMED = 20;

/** A job the chart counted without a part of it that could not be read. */
export interface DamagedJob {
  job: string;
  field: string;
  problem: string;
}

/** A job whose labels do not decode is counted without them, and named in `damaged` (the first few) and in the log. */
export async function ciSeries(
  db: Db,
  logger: Parameters<typeof logDamaged>[0],
  q: CiSeriesQuery,
): Promise<{ series: CiSeries[]; partial: boolean; damaged: DamagedJob[] }> {
  const jobs = await ciJobsFinishedIn(db, [{ from: q.from - 1, to: q.to - 1 }], q.level, MAX_SERIES_JOBS + 1);
  const partial = jobs.length > MAX_SERIES_JOBS;
  const named = jobs.filter((j) => j.damaged).slice(0, MAX_DAMAGED_NAMED);
  logDamaged(logger, 'CI job', named);
  const damaged = named.flatMap((j) => (j.damaged ?? []).map((d) => ({ job: j.id, ...d })));
  const selector: CiSelector = { ...q.selector, level: q.level };
  const selected = jobs.slice(0, MAX_SERIES_JOBS).filter((j) => selects(selector, j));
  const series = failureSeries(selected, {
    from: q.from,
    to: q.to,
    bucketMs: q.bucketMs,
    groupBy: q.groupBy,
    groupLabels: q.groupLabels,
    maxGroups: q.maxGroups,
  });
  return { series, partial, damaged };
}

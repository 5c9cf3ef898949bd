/** Failure rate per group over time, in fixed buckets: what the dashboard draws. Pure. */
import { counts, failed, type CiJob } from './job.js';
import type { CiGroupBy } from './select.js';
import { groupsOf } from './select.js';

export interface CiSeries {
  group: string;
  /** One point per bucket, oldest first: its start, jobs that counted, failures, infrastructure failures. */
  points: Array<{ at: number; jobs: number; failures: number; infra: number }>;
}

/** Buckets of `bucketMs` from `from` (inclusive) to `to` (exclusive); at most `maxGroups` groups, the busiest. */
export function failureSeries(
  jobs: readonly CiJob[],
  options: { from: number; to: number; bucketMs: number; groupBy: CiGroupBy; groupLabels?: readonly string[]; maxGroups: number },
): CiSeries[] {
  const { from, to, bucketMs } = options;
  const buckets = Math.max(1, Math.ceil((to - from) / bucketMs));
  const byGroup = new Map<string, CiSeries['points']>();
  const totals = new Map<string, number>();
  for (const job of jobs) {
    if (!counts(job) || job.finishedAt < from || job.finishedAt >= to) continue;
    const slot = Math.floor((job.finishedAt - from) / bucketMs);
    for (const group of groupsOf(job, options.groupBy, options.groupLabels)) {
      let points = byGroup.get(group);
      if (!points) {
        points = Array.from({ length: buckets }, (_, i) => ({ at: from + i * bucketMs, jobs: 0, failures: 0, infra: 0 }));
        byGroup.set(group, points);
      }
      const point = points[slot]!;
      point.jobs += 1;
      if (failed(job)) point.failures += 1;
      if (job.outcome === 'infra') point.infra += 1;
      totals.set(group, (totals.get(group) ?? 0) + 1);
    }
  }
  return [...byGroup]
    .sort((a, b) => (totals.get(b[0]) ?? 0) - (totals.get(a[0]) ?? 0) || a[0].localeCompare(b[0]))
    .slice(0, options.maxGroups)
    .map(([group, points]) => ({ group, points }));
}

/** Which jobs a ci monitor watches, and the group each belongs to. Pure: no I/O, no clock. */
import type { CiJob, CiLevel } from './job.js';

export interface CiSelector {
  level: CiLevel;
  pipeline?: string | undefined;
  job?: string | undefined;
  runner?: string | undefined;
  /** The job ran on a runner with this label. */
  runner_label?: string | undefined;
  /** The job ran on a runner with every one of these labels. */
  labels?: readonly string[] | undefined;
}

export type CiGroupBy = 'none' | 'runner_label' | 'runner' | 'pipeline' | 'job';

export function selects(selector: CiSelector, job: CiJob): boolean {
  if (job.level !== selector.level) return false;
  if (selector.pipeline !== undefined && job.pipeline !== selector.pipeline) return false;
  if (selector.job !== undefined && job.job !== selector.job) return false;
  if (selector.runner !== undefined && job.runner !== selector.runner) return false;
  if (selector.runner_label !== undefined && !job.labels.includes(selector.runner_label)) return false;
  return (selector.labels ?? []).every((label) => job.labels.includes(label));
}

/**
 * The groups a job falls in. By runner label, a job is in the group of each of its labels listed in
 * `groupLabels` (the regions or pools worth comparing), or of every label when none are listed; a job
 * with no runner (a pipeline, or a runner the payload did not name) is in no runner group.
 */
export function groupsOf(job: CiJob, groupBy: CiGroupBy, groupLabels?: readonly string[]): string[] {
  switch (groupBy) {
    case 'none':
      return ['all'];
    case 'runner_label':
      return groupLabels && groupLabels.length > 0 ? job.labels.filter((l) => groupLabels.includes(l)) : job.labels;
    case 'runner':
      return job.runner === null ? [] : [job.runner];
    case 'pipeline':
      return [job.pipeline];
    case 'job':
      return [job.job];
  }
}

/** The selected jobs, by group. */
export function groupJobs(jobs: readonly CiJob[], selector: CiSelector, groupBy: CiGroupBy, groupLabels?: readonly string[]): Map<string, CiJob[]> {
  const groups = new Map<string, CiJob[]>();
  for (const job of jobs) {
    if (!selects(selector, job)) continue;
    for (const group of groupsOf(job, groupBy, groupLabels)) {
      const list = groups.get(group);
      if (list) list.push(job);
      else groups.set(group, [job]);
    }
  }
  return groups;
}

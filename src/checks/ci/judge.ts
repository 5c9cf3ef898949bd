/** A ci monitor's settings as the pure evaluation reads them, and its verdict as a check result. */
import type { CiEvaluation } from '../../core/ci/evaluate.js';
import type { CiVerdict } from '../../core/ci/judge.js';
import type { CheckResult } from '../../core/types.js';
import type { CiSettings } from './schema.js';

const GROUP_NAMES: Record<CiSettings['group_by'], (group: string) => string> = {
  none: () => 'CI jobs',
  runner_label: (g) => `${g} runners`,
  runner: (g) => `runner ${g}`,
  pipeline: (g) => `pipeline ${g}`,
  job: (g) => `job ${g}`,
};

export function evaluationOf(s: CiSettings): CiEvaluation {
  return {
    selector: { level: s.level, pipeline: s.pipeline, job: s.job, runner: s.runner, runner_label: s.runner_label, labels: s.labels },
    groupBy: s.group_by,
    groupLabels: s.group_labels,
    rule: {
      baseline: s.baseline ?? (s.group_by === 'none' ? 'history' : 'peers'),
      factor: s.factor,
      minJobs: s.min_jobs,
      minRate: s.min_rate,
      windowMs: s.window,
      groupName: GROUP_NAMES[s.group_by],
      othersNoun: `other ${s.group_noun ?? 'groups'}`,
    },
  };
}

const pct = (rate: number) => Math.round(rate * 10_000) / 100;

export function resultOf(verdict: CiVerdict, latencyMs: number): CheckResult {
  const { total } = verdict;
  const worst = verdict.departures[0];
  const metrics: Record<string, number> = {
    ci_jobs: total.jobs,
    ci_failure_rate: pct(total.failureRate),
    ci_infra_rate: pct(total.infraRate),
    ci_departing_groups: verdict.departures.length,
    ...(worst && { ci_worst_group_rate: pct(worst.rate), ci_worst_group_baseline: pct(worst.baseline) }),
    ...(total.queueP50 !== undefined && { ci_queue_p50_ms: total.queueP50, ci_queue_p95_ms: total.queueP95! }),
    ...(total.durationP50 !== undefined && { ci_duration_p50_ms: total.durationP50, ci_duration_p95_ms: total.durationP95! }),
  };
  return { status: verdict.status, latencyMs, timings: {}, message: verdict.message, metrics };
}

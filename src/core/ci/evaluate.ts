/** One evaluation of a ci monitor: select, group, summarize, judge. Pure: the jobs are handed in. */
import type { CiJob } from './job.js';
import { judgeCi, type CiRule, type CiVerdict } from './judge.js';
import { groupJobs, selects, type CiGroupBy, type CiSelector } from './select.js';
import { summarize, type CiStats } from './stats.js';

export interface CiEvaluation {
  selector: CiSelector;
  groupBy: CiGroupBy;
  groupLabels?: readonly string[] | undefined;
  rule: CiRule;
}

/** How many past days the history baseline reads, at the same time of day. */
export const HISTORY_DAYS = 7;
const DAY_MS = 86_400_000;

/** The time ranges a judgement at `now` reads: the window, then (for the history baseline) the same window on each past day. */
export function rangesAt(now: number, windowMs: number, baseline: CiRule['baseline']): Array<{ from: number; to: number }> {
  const ranges = [{ from: now - windowMs, to: now }];
  if (baseline === 'history') for (let d = 1; d <= HISTORY_DAYS; d += 1) ranges.push({ from: now - d * DAY_MS - windowMs, to: now - d * DAY_MS });
  return ranges;
}

/** `jobs` may hold more than the ranges (a test's whole day): only those finished in them count. */
export function evaluateCi(jobs: readonly CiJob[], now: number, evaluation: CiEvaluation): CiVerdict {
  const { rule, selector, groupBy, groupLabels } = evaluation;
  const [window, ...past] = rangesAt(now, rule.windowMs, rule.baseline);
  const inWindow = jobs.filter((j) => j.finishedAt > window!.from && j.finishedAt <= window!.to);
  const inPast = past.length === 0 ? [] : jobs.filter((j) => past.some((r) => j.finishedAt > r.from && j.finishedAt <= r.to));
  const stats = (groups: Map<string, CiJob[]>) => new Map<string, CiStats>([...groups].map(([g, list]) => [g, summarize(list)]));
  const current = stats(groupJobs(inWindow, selector, groupBy, groupLabels));
  const history = stats(groupJobs(inPast, selector, groupBy, groupLabels));
  const total = summarize(inWindow.filter((j) => selects(selector, j)));
  return judgeCi(current, history, total, rule);
}

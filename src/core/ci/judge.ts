/**
 * Whether a group of CI jobs departs from its baseline, and the sentence that says so. Pure.
 *
 * A group departs when its rate is at least `factor` times the baseline, with at least `minJobs`
 * jobs, and the excess is unlikely to be chance: with the baseline's rate, that many failures or more
 * would happen less than once in 100,000 windows (the exact binomial tail). A monitor judges
 * hundreds of overlapping windows a day for each group, so a looser test pages from flaky tests.
 *
 * The baseline itself is an estimate from a finite number of jobs (three quiet jobs at night with
 * no failure say little), so it is compared at the upper end of what it could be: the one-sided 95%
 * Wilson bound. And it is never taken below `minRate`, so a group whose baseline is 0% is not paged
 * for one failure. Messages show the baseline as measured.
 */
import { formatDuration } from '../../lib/duration.js';
import type { CiStats } from './stats.js';

/** What departs: the failure rate, the infrastructure's failure rate, or the share of jobs that waited too long for a runner. */
export type CiMetric = 'failure' | 'infra' | 'slow';
export type CiBaselineKind = 'history' | 'peers';

export interface CiRule {
  baseline: CiBaselineKind;
  factor: number;
  minJobs: number;
  minRate: number;
  windowMs: number;
  /** How a group is named: "aws-us-east-2 runners", "pipeline web". */
  groupName(group: string): string;
  /** The others, in the plural: "other regions". */
  othersNoun: string;
  /** A wait for a runner longer than this is slow; the share of slow jobs is judged like a failure rate (degraded, not down). */
  slowQueueMs?: number | undefined;
}

export interface CiDeparture {
  group: string;
  metric: CiMetric;
  stats: CiStats;
  rate: number;
  baseline: number;
  /** rate / max(baseline, minRate): how far it departs, for ordering. */
  ratio: number;
  message: string;
}

export interface CiVerdict {
  status: 'up' | 'degraded' | 'down';
  message: string;
  departures: CiDeparture[];
  /** All the selected jobs of the window together. */
  total: CiStats;
}

/** How unlikely, under the baseline, a window's failures must be before they are more than chance. */
export const MAX_CHANCE = 1e-5;

/** z of the one-sided 95% bound on the baseline. */
const Z95 = 1.645;

/** The upper end of the rate `count` of `n` could stand for (Wilson score interval, one-sided 95%). */
export function wilsonUpper(count: number, n: number): number {
  if (n === 0) return 1;
  const p = count / n;
  const z2 = Z95 * Z95;
  return (p + z2 / (2 * n) + Z95 * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
}

/** P(X >= k) for X ~ Binomial(n, p), summed in log space so large n neither overflows nor underflows. */
export function binomialTail(k: number, n: number, p: number): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  const logP = Math.log(p);
  const logQ = Math.log1p(-p);
  // log C(n, k) by summing logs once, then each next term from the previous one.
  let logC = 0;
  for (let i = 1; i <= k; i += 1) logC += Math.log((n - k + i) / i);
  let term = logC + k * logP + (n - k) * logQ;
  let sum = 0;
  for (let i = k; i <= n; i += 1) {
    const value = Math.exp(term);
    sum += value;
    // Terms fall geometrically past the mean: stop when the rest cannot matter.
    if (i > n * p && value < sum * 1e-12) break;
    term += Math.log((n - i) / (i + 1)) + logP - logQ;
  }
  return Math.min(1, sum);
}

const countOf = (stats: CiStats, metric: CiMetric) => (metric === 'failure' ? stats.failures : metric === 'infra' ? stats.infra : stats.slowQueued);
/** The jobs a metric's rate is out of: a slow queue only among jobs that say how long they waited. */
const jobsOf = (stats: CiStats, metric: CiMetric) => (metric === 'slow' ? stats.queued : stats.jobs);
const rateOf = (stats: CiStats, metric: CiMetric) => (jobsOf(stats, metric) === 0 ? 0 : countOf(stats, metric) / jobsOf(stats, metric));

/**
 * True when `count` of `n` is `factor` times the baseline and beyond chance. The baseline is
 * `base.count` of `base.jobs`, taken at its upper bound and floored at minRate.
 */
export function departs(count: number, n: number, base: { count: number; jobs: number }, rule: Pick<CiRule, 'factor' | 'minJobs' | 'minRate'>): boolean {
  if (n < rule.minJobs || n === 0) return false;
  const floor = Math.max(wilsonUpper(base.count, base.jobs), rule.minRate);
  const rate = count / n;
  if (rate < rule.factor * floor) return false;
  return binomialTail(count, n, floor) < MAX_CHANCE;
}

/** The rate of jobs pooled over several groups' stats. */
export function pooled(stats: readonly CiStats[], metric: CiMetric): { rate: number; count: number; jobs: number } {
  let jobs = 0;
  let count = 0;
  for (const s of stats) {
    jobs += jobsOf(s, metric);
    count += countOf(s, metric);
  }
  return { rate: jobs === 0 ? 0 : count / jobs, count, jobs };
}

export function percent(rate: number): string {
  const p = rate * 100;
  if (p === 0 || p >= 10) return `${Math.round(p)}%`;
  return `${Number(p.toFixed(1))}%`;
}

function spreadOf(rates: readonly number[]): string {
  const low = Math.min(...rates);
  const high = Math.max(...rates);
  return percent(low) === percent(high) ? percent(low) : `${percent(low).replace('%', '')}–${percent(high)}`;
}

/**
 * Judges every group of the window. `history` holds each group's jobs at the same time of day over
 * the past days (only read for the history baseline); `current` holds the window's groups.
 */
export function judgeCi(current: ReadonlyMap<string, CiStats>, history: ReadonlyMap<string, CiStats>, total: CiStats, rule: CiRule): CiVerdict {
  const departures: CiDeparture[] = [];
  for (const [group, stats] of current) {
    const metrics: CiMetric[] = rule.slowQueueMs === undefined ? ['failure', 'infra'] : ['failure', 'infra', 'slow'];
    for (const metric of metrics) {
      const found = departureOf(group, stats, metric, current, history, rule);
      if (found) departures.push(found);
    }
  }
  // Failing groups first (they page), then the furthest from their baseline.
  departures.sort((a, b) => Number(a.metric === 'slow') - Number(b.metric === 'slow') || b.ratio - a.ratio);
  // A group whose failures are the infrastructure's departs in both rates: say it once, by its failure
  // rate (what people see as red builds), adding the infrastructure's share.
  const shown: CiDeparture[] = [];
  for (const d of departures) {
    if (shown.some((s) => s.group === d.group)) continue;
    const failure = departures.find((o) => o.group === d.group && o.metric === 'failure');
    const infra = departures.find((o) => o.group === d.group && o.metric === 'infra');
    if (failure && infra) shown.push({ ...failure, message: `${failure.message} (${percent(infra.rate)} for infrastructure reasons)` });
    else shown.push(d);
  }
  if (shown.length === 0) return { status: 'up', message: upMessage(current, total, rule), departures, total };
  const more =
    shown.length > 1
      ? ` (and ${shown.length - 1} more: ${shown
          .slice(1, 4)
          .map((d) => rule.groupName(d.group))
          .join(', ')})`
      : '';
  // A slow queue alone delays builds without breaking them: degraded.
  const status = shown.some((d) => d.metric !== 'slow') ? 'down' : 'degraded';
  return { status, message: `${shown[0]!.message}${more}`, departures: shown, total };
}

function departureOf(
  group: string,
  stats: CiStats,
  metric: CiMetric,
  current: ReadonlyMap<string, CiStats>,
  history: ReadonlyMap<string, CiStats>,
  rule: CiRule,
): CiDeparture | undefined {
  const n = jobsOf(stats, metric);
  if (n < rule.minJobs) return undefined;
  const others = [...current].filter(([name]) => name !== group).map(([, s]) => s);
  const base = rule.baseline === 'peers' ? pooled(others, metric) : pooled(history.has(group) ? [history.get(group)!] : [], metric);
  // Without enough jobs to stand for normal, there is nothing to depart from.
  if (base.jobs < rule.minJobs) return undefined;
  const count = countOf(stats, metric);
  if (!departs(count, n, base, rule)) return undefined;
  const rate = rateOf(stats, metric);
  const what =
    metric === 'failure'
      ? 'failed'
      : metric === 'infra'
        ? 'failed for infrastructure reasons (timeouts, lost runners, system cancellations)'
        : `waited over ${formatDuration(rule.slowQueueMs ?? 0)} for a runner`;
  const peers = others.filter((s) => jobsOf(s, metric) >= rule.minJobs).map((s) => rateOf(s, metric));
  const comparison =
    rule.baseline === 'peers'
      ? `baseline ${percent(base.rate)}${peers.length > 0 ? `; ${rule.othersNoun} ${spreadOf(peers)}` : ''}`
      : `baseline ${percent(base.rate)} at this time of day over the last days`;
  return {
    group,
    metric,
    stats,
    rate,
    baseline: base.rate,
    ratio: rate / Math.max(base.rate, rule.minRate),
    message: `${rule.groupName(group)}: ${percent(rate)} of ${n} jobs ${what} in the last ${formatDuration(rule.windowMs)}, ${comparison}`,
  };
}

function upMessage(current: ReadonlyMap<string, CiStats>, total: CiStats, rule: CiRule): string {
  const window = `in the last ${formatDuration(rule.windowMs)}`;
  if (total.jobs === 0) return `no CI jobs ${window}`;
  const rates = `${total.jobs} jobs ${window}: ${percent(total.failureRate)} failed, ${percent(total.infraRate)} for infrastructure reasons`;
  const judged = [...current.values()].filter((s) => s.jobs >= rule.minJobs).length;
  if (judged === 0) return `${rates}; too few jobs to judge (fewer than ${rule.minJobs} in every group)`;
  return current.size > 1 ? `${rates}; no group departs from its baseline` : `${rates}; within the baseline`;
}

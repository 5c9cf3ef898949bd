/**
 * Whether a group of CI jobs departs from its baseline, and the sentence that says so. Pure.
 *
 * A group departs when its rate is at least `factor` times the baseline, with at least `minJobs`
 * jobs, and the excess is unlikely to be chance: with the baseline's rate, that many failures or more
 * would happen less than once in 10,000 windows (the exact binomial tail). Without that last test a
 * pool of 30 jobs at a 4% baseline pages several times a day from 5 flaky tests, since a monitor
 * judges hundreds of overlapping windows a day; with it, 2 failures of 3 never page.
 * The baseline is never taken below `minRate`, so a group whose baseline is 0% is not paged for one
 * failure.
 */
import { formatDuration } from '../../lib/duration.js';
import type { CiStats } from './stats.js';

export type CiMetric = 'failure' | 'infra';
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
  status: 'up' | 'down';
  message: string;
  departures: CiDeparture[];
  /** All the selected jobs of the window together. */
  total: CiStats;
}

/** How unlikely, under the baseline, a window's failures must be before they are more than chance. */
export const MAX_CHANCE = 1e-4;

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

const rateOf = (stats: CiStats, metric: CiMetric) => (metric === 'failure' ? stats.failureRate : stats.infraRate);
const countOf = (stats: CiStats, metric: CiMetric) => (metric === 'failure' ? stats.failures : stats.infra);

/** True when `count` of `n` is `factor` times `baseline` (floored at minRate) and beyond chance. */
export function departs(count: number, n: number, baseline: number, rule: Pick<CiRule, 'factor' | 'minJobs' | 'minRate'>): boolean {
  if (n < rule.minJobs || n === 0) return false;
  const floor = Math.max(baseline, rule.minRate);
  const rate = count / n;
  if (rate < rule.factor * floor) return false;
  return binomialTail(count, n, floor) < MAX_CHANCE;
}

/** The rate of jobs pooled over several groups' stats. */
export function pooled(stats: readonly CiStats[], metric: CiMetric): { rate: number; jobs: number } {
  let jobs = 0;
  let count = 0;
  for (const s of stats) {
    jobs += s.jobs;
    count += countOf(s, metric);
  }
  return { rate: jobs === 0 ? 0 : count / jobs, jobs };
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
    for (const metric of ['failure', 'infra'] as const) {
      const found = departureOf(group, stats, metric, current, history, rule);
      if (found) departures.push(found);
    }
  }
  departures.sort((a, b) => b.ratio - a.ratio);
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
  return { status: 'down', message: `${shown[0]!.message}${more}`, departures: shown, total };
}

function departureOf(
  group: string,
  stats: CiStats,
  metric: CiMetric,
  current: ReadonlyMap<string, CiStats>,
  history: ReadonlyMap<string, CiStats>,
  rule: CiRule,
): CiDeparture | undefined {
  if (stats.jobs < rule.minJobs) return undefined;
  const others = [...current].filter(([name]) => name !== group).map(([, s]) => s);
  const base = rule.baseline === 'peers' ? pooled(others, metric) : pooled(history.has(group) ? [history.get(group)!] : [], metric);
  // Without enough jobs to stand for normal, there is nothing to depart from.
  if (base.jobs < rule.minJobs) return undefined;
  const count = countOf(stats, metric);
  if (!departs(count, stats.jobs, base.rate, rule)) return undefined;
  const rate = rateOf(stats, metric);
  const what = metric === 'failure' ? 'failed' : 'failed for infrastructure reasons (timeouts, lost runners, system cancellations)';
  const peers = others.filter((s) => s.jobs >= rule.minJobs).map((s) => rateOf(s, metric));
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
    message: `${rule.groupName(group)}: ${percent(rate)} of ${stats.jobs} jobs ${what} in the last ${formatDuration(rule.windowMs)}, ${comparison}`,
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

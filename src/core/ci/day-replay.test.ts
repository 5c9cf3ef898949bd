/**
 * A seeded day of CI jobs across four regions, replayed through the evaluation every 5 minutes as a
 * ci monitor would: the region with an injected fault is caught within the window, and nothing else
 * (flaky tests, quiet nights, bursts of queueing) ever alerts.
 */
import { describe, expect, it } from 'vitest';
import { evaluateCi, rangesAt, type CiEvaluation } from './evaluate.js';
import type { CiJob } from './job.js';
import type { CiRule } from './judge.js';
import { generateJobs, REGIONS } from './testing/generate-day.js';

const DAY = 86_400_000;
const START = Date.UTC(2026, 2, 2);
const WINDOW = 30 * 60_000;
const STEP = 5 * 60_000;

function rule(baseline: CiRule['baseline']): CiRule {
  return { baseline, factor: 3, minJobs: 20, minRate: 0.02, windowMs: WINDOW, groupName: (g) => `${g} runners`, othersNoun: 'other regions' };
}

const evaluation = (baseline: CiRule['baseline']): CiEvaluation => ({
  selector: { level: 'job' },
  groupBy: 'runner_label',
  groupLabels: REGIONS.map((r) => r.label),
  rule: rule(baseline),
});

/** The jobs a store query would return for the judgement at `now`: binary search over jobs sorted by finish. */
function jobsFor(sorted: readonly CiJob[], now: number, baseline: CiRule['baseline']): CiJob[] {
  const firstAfter = (t: number) => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]!.finishedAt <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return rangesAt(now, WINDOW, baseline).flatMap((r) => sorted.slice(firstAfter(r.from), firstAfter(r.to)));
}

interface Alert {
  at: number;
  groups: string[];
  message: string;
}

function replay(jobs: readonly CiJob[], from: number, to: number, baseline: CiRule['baseline']): Alert[] {
  const alerts: Alert[] = [];
  for (let now = from + WINDOW; now <= to; now += STEP) {
    const verdict = evaluateCi(jobsFor(jobs, now, baseline), now, evaluation(baseline));
    if (verdict.status === 'down') alerts.push({ at: now, groups: verdict.departures.map((d) => d.group), message: verdict.message });
  }
  return alerts;
}

describe('a day of CI jobs with a regional fault', () => {
  const day = START + 7 * DAY;
  const fault = { label: 'aws-us-east-2', from: day + 14 * 3_600_000, to: day + 15 * 3_600_000, infraRate: 0.25 };
  const jobs = generateJobs({ seed: 20, start: START, days: 8, faults: [fault] });
  const today = jobs.filter((j) => j.finishedAt >= day);

  it('replays thousands of jobs', () => {
    expect(today.length).toBeGreaterThan(8_000);
  });

  it.each(['peers', 'history'] as const)('catches the faulty region within the window against %s, and nothing else', (baseline) => {
    const alerts = replay(jobs, day, day + DAY, baseline);
    const first = alerts[0];
    expect(first, 'the fault was never detected').toBeDefined();
    expect(first!.at).toBeGreaterThan(fault.from);
    expect(first!.at - fault.from).toBeLessThanOrEqual(WINDOW);
    expect(first!.message).toMatch(/^aws-us-east-2 runners: [\d.]+% of \d+ jobs failed (for infrastructure reasons .*)?in the last 30m, baseline [\d.]+%/);
    for (const alert of alerts) {
      expect(alert.groups).toEqual(['aws-us-east-2']);
      // Alerts last while the fault is inside the window, no longer.
      expect(alert.at).toBeLessThanOrEqual(fault.to + WINDOW);
    }
  });

  it.each(['peers', 'history'] as const)('raises nothing on an ordinary day against %s', (baseline) => {
    const calm = generateJobs({ seed: 7, start: START, days: 8 });
    expect(replay(calm, day, day + DAY, baseline).map((a) => `${new Date(a.at).toISOString()} ${a.message}`)).toEqual([]);
  });
});

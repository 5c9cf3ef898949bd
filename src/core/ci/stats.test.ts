import { describe, expect, it } from 'vitest';
import type { CiJob, CiOutcome } from './job.js';
import { summarize } from './stats.js';

export function job(outcome: CiOutcome, extra: Partial<CiJob> = {}): CiJob {
  return {
    id: `json:${Math.random()}`,
    source: 'json',
    level: 'job',
    pipeline: 'web',
    job: 'test',
    runner: 'r1',
    labels: ['linux'],
    outcome,
    reason: null,
    queuedAt: null,
    startedAt: null,
    finishedAt: 1000,
    ...extra,
  } as CiJob;
}

describe('summarizing CI jobs', () => {
  it('counts failures and infrastructure failures over the jobs that ran', () => {
    const s = summarize([job('success'), job('failure'), job('infra'), job('success')]);
    expect(s).toMatchObject({ jobs: 4, failures: 2, infra: 1, failureRate: 0.5, infraRate: 0.25 });
  });

  it('leaves jobs cancelled by a person and skipped jobs out of every rate', () => {
    const s = summarize([job('success'), job('cancelled'), job('skipped'), job('failure')]);
    expect(s).toMatchObject({ jobs: 2, failures: 1, failureRate: 0.5 });
  });

  it('gives rates of 0 and no percentiles when nothing ran', () => {
    expect(summarize([job('skipped')])).toEqual({ jobs: 0, failures: 0, infra: 0, failureRate: 0, infraRate: 0 });
  });

  it('reads queue and duration percentiles from the times each job gives', () => {
    const jobs = Array.from({ length: 100 }, (_, i) => job('success', { queuedAt: 0, startedAt: (i + 1) * 1000, finishedAt: (i + 1) * 1000 + 60_000 }));
    const s = summarize(jobs);
    expect(s.queueP50).toBe(50_000);
    expect(s.queueP95).toBe(95_000);
    expect(s.durationP50).toBe(60_000);
  });
});

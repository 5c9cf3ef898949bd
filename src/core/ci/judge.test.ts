import { describe, expect, it } from 'vitest';
import { binomialTail, departs, judgeCi, percent, type CiRule } from './judge.js';
import type { CiStats } from './stats.js';

const rule: CiRule = {
  baseline: 'peers',
  factor: 3,
  minJobs: 20,
  minRate: 0.02,
  windowMs: 30 * 60_000,
  groupName: (g) => `${g} runners`,
  othersNoun: 'other regions',
};

const stats = (jobs: number, failures: number, infra = 0): CiStats => ({
  jobs,
  failures,
  infra,
  failureRate: jobs ? failures / jobs : 0,
  infraRate: jobs ? infra / jobs : 0,
});

describe('whether a group departs from its baseline', () => {
  it.each([
    ['2 failures of 3 (too few jobs)', 2, 3, 0.04, false],
    ['3 failures of 20 at a 4% baseline (chance)', 3, 20, 0.04, false],
    ['66 failures of 212 at a 4% baseline', 66, 212, 0.04, true],
    ['25 failures of 212 at a 4% baseline (under 3 times)', 25, 212, 0.04, false],
    ['1 failure of 30 at a 0% baseline (floored at 2%)', 1, 30, 0, false],
    ['12 failures of 30 at a 0% baseline', 12, 30, 0, true],
  ])('%s: %s', (_name, count, n, baseline, expected) => {
    expect(departs(count, n, baseline, rule)).toBe(expected);
  });
});

describe('judging the groups of a window', () => {
  it('names the group, the comparison and the spread of the others', () => {
    const current = new Map([
      ['aws-us-east-2', stats(212, 66, 50)],
      ['aws-eu-west-1', stats(180, 6)],
      ['gcp-europe-west4', stats(120, 6)],
    ]);
    const verdict = judgeCi(current, new Map(), stats(512, 78), rule);
    expect(verdict.status).toBe('down');
    expect(verdict.message).toBe(
      'aws-us-east-2 runners: 31% of 212 jobs failed in the last 30m, baseline 4%; other regions 3.3–5% (24% for infrastructure reasons)',
    );
    expect(verdict.departures.map((d) => d.group)).toEqual(['aws-us-east-2']);
  });

  it('says when the failures are the infrastructure’s and the job failures are ordinary', () => {
    const current = new Map([
      ['a', stats(300, 30, 20)],
      ['b', stats(300, 12, 1)],
      ['c', stats(300, 12, 1)],
    ]);
    const verdict = judgeCi(current, new Map(), stats(900, 54), rule);
    expect(verdict.status).toBe('down');
    expect(verdict.message).toMatch(/^a runners: 6\.7% of 300 jobs failed for infrastructure reasons .* baseline 0\.3%/);
  });

  it('compares with the same time of day on past days for the history baseline', () => {
    const history = { ...rule, baseline: 'history' as const };
    const verdict = judgeCi(new Map([['all', stats(200, 40)]]), new Map([['all', stats(1400, 56)]]), stats(200, 40), history);
    expect(verdict.message).toBe('all runners: 20% of 200 jobs failed in the last 30m, baseline 4% at this time of day over the last days');
  });

  it('does not judge a group without enough jobs behind its baseline', () => {
    const history = { ...rule, baseline: 'history' as const };
    const verdict = judgeCi(new Map([['all', stats(200, 100)]]), new Map([['all', stats(10, 0)]]), stats(200, 100), history);
    expect(verdict.status).toBe('up');
  });

  it('stays up and says so when every group is within its baseline', () => {
    const current = new Map([
      ['a', stats(100, 4)],
      ['b', stats(100, 5)],
    ]);
    const verdict = judgeCi(current, new Map(), stats(200, 9), rule);
    expect(verdict).toMatchObject({
      status: 'up',
      message: '200 jobs in the last 30m: 4.5% failed, 0% for infrastructure reasons; no group departs from its baseline',
    });
  });

  it('says when there were no jobs, or too few to judge', () => {
    expect(judgeCi(new Map(), new Map(), stats(0, 0), rule).message).toBe('no CI jobs in the last 30m');
    expect(judgeCi(new Map([['a', stats(3, 2)]]), new Map(), stats(3, 2), rule).message).toMatch(/too few jobs to judge/);
  });
});

describe('the binomial tail', () => {
  it.each([
    [0, 10, 0.5, 1],
    [11, 10, 0.5, 0],
    [10, 10, 0.5, 1 / 1024],
    [1, 3, 0.5, 7 / 8],
    [2, 3, 0.5, 4 / 8],
  ])('P(X >= %i) of %i at %f is %f', (k, n, p, expected) => expect(binomialTail(k, n, p)).toBeCloseTo(expected, 12));

  it('stays finite for tens of thousands of jobs', () => {
    expect(binomialTail(600, 10_000, 0.04)).toBeLessThan(1e-12);
    expect(binomialTail(400, 10_000, 0.04)).toBeCloseTo(0.5, 1);
  });
});

describe('percentages in messages', () => {
  it.each([
    [0.31, '31%'],
    [0.04, '4%'],
    [0.005, '0.5%'],
    [0, '0%'],
    [0.0667, '6.7%'],
  ])('%s reads %s', (rate, text) => expect(percent(rate)).toBe(text));
});

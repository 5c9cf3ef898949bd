import { describe, expect, it } from 'vitest';
import { assessHealth, type HealthInputs } from './health.js';

const base: HealthInputs = {
  now: 100_000,
  startedAt: 0,
  scheduled: 3,
  resultEvery: 20_000,
  lastResultAt: 95_000,
  lagP99: 12,
  lastWriteOkAt: 99_000,
  lastWriteError: undefined,
  pendingWrites: 0,
  stallAfter: 15_000,
};

describe('assessHealth', () => {
  it('is healthy when results arrive on schedule and reach the store', () => {
    expect(assessHealth(base).healthy).toBe(true);
  });

  it.each([
    ['checks stopped', { lastResultAt: 40_000 }, 'checks_running', 'no check has completed for 60 s'],
    ['nothing ran since start', { lastResultAt: undefined }, 'checks_running', 'no check has completed since start'],
    ['the scheduler lags', { lagP99: 16_000 }, 'schedule_lag', 'above 15 s'],
    ['writes fail', { lastWriteError: 'SQLITE_FULL: database or disk is full', pendingWrites: 40 }, 'store_writes', 'SQLITE_FULL'],
    ['writes stall', { lastWriteOkAt: 70_000, pendingWrites: 5 }, 'store_writes', 'no successful write for 30 s'],
    [
      'alerting throws',
      {
        alerting: [
          { what: 'result web', error: 'boom' },
          { what: 'tick', error: 'no such table' },
        ],
      },
      'alerting',
      'alerting failed for result web: boom; tick: no such table',
    ],
  ])('is unhealthy when %s, and says which condition failed', (_name, change, check, detail) => {
    const health = assessHealth({ ...base, ...change });
    expect(health.healthy).toBe(false);
    const failed = health.checks.find((c) => !c.ok)!;
    expect(failed.name).toBe(check);
    expect(failed.detail).toContain(detail);
  });

  it('names at most five failing alerting steps and counts the rest', () => {
    const alerting = Array.from({ length: 7 }, (_, i) => ({ what: `result m${i}`, error: 'boom' }));
    expect(assessHealth({ ...base, alerting }).checks.find((c) => c.name === 'alerting')?.detail).toMatch(/result m4: boom; and 2 more$/);
  });

  it('is healthy again once alerting has nothing failing', () => {
    expect(assessHealth({ ...base, alerting: [] })).toMatchObject({
      healthy: true,
      checks: expect.arrayContaining([{ name: 'alerting', ok: true, detail: 'every result and tick was judged' }]),
    });
  });

  it('allows a new engine time for the first results', () => {
    expect(assessHealth({ ...base, startedAt: 90_000, lastResultAt: undefined }).healthy).toBe(true);
  });

  it('is healthy with no polled monitors at all', () => {
    expect(assessHealth({ ...base, scheduled: 0, lastResultAt: undefined }).healthy).toBe(true);
  });
});

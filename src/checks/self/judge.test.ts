import { describe, expect, it } from 'vitest';
import type { SelfObservation } from './figures.js';
import { judgeSelf } from './judge.js';
import type { SelfSettings } from './schema.js';

const MB = 1_000_000;

describe("judging tocsin's own figures", () => {
  const cases: Array<[string, SelfSettings, SelfObservation, 'up' | 'degraded' | 'down', RegExp]> = [
    [
      'all expected checks ran',
      { metric: 'checks_per_minute' },
      { metric: 'checks_per_minute', completed: 60, expected: 60, windowMs: 60_000 },
      'up',
      /^tocsin ran 60 checks in the last 60 s, 100% of the 60 expected$/,
    ],
    [
      'a fifth of the checks are missing',
      { metric: 'checks_per_minute' },
      { metric: 'checks_per_minute', completed: 48, expected: 60, windowMs: 60_000 },
      'degraded',
      /80% of the 60 expected \(warn below 90%\)$/,
    ],
    [
      'most checks are missing',
      { metric: 'checks_per_minute' },
      { metric: 'checks_per_minute', completed: 6, expected: 60, windowMs: 60_000 },
      'down',
      /10% of the 60 expected \(critical below 50%\)$/,
    ],
    [
      'too few checks are due to judge',
      { metric: 'checks_per_minute' },
      { metric: 'checks_per_minute', completed: 0, expected: 2, windowMs: 60_000 },
      'up',
      /^too few checks are due to judge the rate/,
    ],
    [
      'the schedule runs late',
      { metric: 'schedule_lag' },
      { metric: 'schedule_lag', p99Ms: 12_000 },
      'down',
      /^checks start 12 s after they fall due \(schedule lag p99\) \(critical at 10 s\)$/,
    ],
    ['the schedule is on time', { metric: 'schedule_lag' }, { metric: 'schedule_lag', p99Ms: 40 }, 'up', /^checks start 40 ms after/],
    [
      'a backlog builds',
      { metric: 'outbox_backlog' },
      { metric: 'outbox_backlog', pending: 150 },
      'degraded',
      /^150 notifications are waiting to be delivered \(warn at 100\)$/,
    ],
    [
      'a backlog past a custom threshold',
      { metric: 'outbox_backlog', warn: 5, critical: 10 },
      { metric: 'outbox_backlog', pending: 10 },
      'down',
      /\(critical at 10\)$/,
    ],
    ['nothing waits', { metric: 'oldest_undelivered' }, { metric: 'oldest_undelivered', ageMs: undefined, pending: 0 }, 'up', /^no notification is waiting$/],
    [
      'a notification waits for 12 minutes',
      { metric: 'oldest_undelivered' },
      { metric: 'oldest_undelivered', ageMs: 12 * 60_000, pending: 3 },
      'down',
      /^the oldest undelivered notification has waited 12 min; 3 waiting in all \(critical at 10 min\)$/,
    ],
    [
      'one channel fails',
      { metric: 'failing_channels' },
      { metric: 'failing_channels', failing: [{ channel: 'ops', forMs: 90_000, lastError: 'ops: HTTP 500' }] },
      'degraded',
      /^1 channel fails: ops for 90 s: ops: HTTP 500 \(warn at 1\)$/,
    ],
    ['every channel delivers', { metric: 'failing_channels' }, { metric: 'failing_channels', failing: [] }, 'up', /^every channel delivers$/],
    [
      'database writes are slow',
      { metric: 'db_write_latency' },
      { metric: 'db_write_latency', lastWriteMs: 2_500, lastWriteError: undefined, pending: 40 },
      'down',
      /^the last database write took 2\.5 s; 40 results waiting \(critical at 2\.0 s\)$/,
    ],
    [
      'database writes fail',
      { metric: 'db_write_latency' },
      { metric: 'db_write_latency', lastWriteMs: 3, lastWriteError: 'SQLITE_FULL: database or disk is full', pending: 900 },
      'down',
      /^writing results to the database fails: SQLITE_FULL/,
    ],
    [
      'the disk is nearly full',
      { metric: 'disk_free' },
      { metric: 'disk_free', path: '/var/lib/tocsin', freeBytes: 80 * MB, totalBytes: 20_000 * MB },
      'down',
      /^the data directory \/var\/lib\/tocsin has 80 MB free of 20 GB \(critical below 100 MB\)$/,
    ],
    [
      'the disk has room',
      { metric: 'disk_free' },
      { metric: 'disk_free', path: '/data', freeBytes: 5_000 * MB, totalBytes: 20_000 * MB },
      'up',
      /has 5\.0 GB free/,
    ],
    [
      'the backup is old',
      { metric: 'backup_age' },
      { metric: 'backup_age', ageMs: 3 * 86_400_000 },
      'degraded',
      /^the last successful backup is 3 days old \(warn at 2 days\)$/,
    ],
    ['no backup was ever made', { metric: 'backup_age' }, { metric: 'backup_age', ageMs: undefined }, 'down', /^no successful backup has been recorded/],
  ];
  it.each(cases)('%s', (_name, settings, observation, status, message) => {
    const verdict = judgeSelf(settings, observation);
    expect(verdict.status).toBe(status);
    expect(verdict.message).toMatch(message);
  });

  it('reports a figure it cannot read as unknown, naming why', () => {
    const verdict = judgeSelf({ metric: 'disk_free' }, { metric: 'disk_free', unavailable: 'the store is not a local SQLite file' });
    expect(verdict).toMatchObject({ status: 'unknown', message: 'disk_free cannot be measured: the store is not a local SQLite file' });
  });

  it('exports the figure it judged as a metric', () => {
    expect(judgeSelf({ metric: 'outbox_backlog' }, { metric: 'outbox_backlog', pending: 7 }).metrics).toEqual({ outbox_backlog: 7 });
  });
});

import { describe, expect, test } from 'vitest';
import { judgeSql, type SqlObservation } from './sql-judge.js';

const ok: SqlObservation = { target: '127.0.0.1:5432', query: 'SELECT 1', elapsedMs: 4.2, hasRow: true, value: 1 };

describe('judgeSql', () => {
  test.each<[string, Partial<SqlObservation>, Parameters<typeof judgeSql>[1], ReturnType<typeof judgeSql>]>([
    ['answers up with the value and the time', {}, {}, { status: 'up', message: 'SELECT 1 returned 1 in 4 ms on 127.0.0.1:5432', metrics: { value: 1 } }],
    [
      'passes a failure through as down',
      { failure: 'connection refused by 127.0.0.1:5432' },
      {},
      { status: 'down', message: 'connection refused by 127.0.0.1:5432' },
    ],
    [
      'marks a value above max_value down',
      { value: 193, query: 'SELECT count(*) FROM jobs' },
      { expect: { max_value: 180 } },
      { status: 'down', message: 'query returned 193, above max_value 180 on 127.0.0.1:5432', metrics: { value: 193 } },
    ],
    [
      'reports no rows as up without an expectation',
      { hasRow: false, value: undefined },
      {},
      { status: 'up', message: 'SELECT 1 returned no rows in 4 ms on 127.0.0.1:5432', metrics: {} },
    ],
    [
      'leaves a text value out of the metrics',
      { value: 'ok', query: "SELECT 'ok'" },
      { expect: { equals: 'ok' } },
      { status: 'up', message: `SELECT 'ok' returned "ok" in 4 ms on 127.0.0.1:5432`, metrics: {} },
    ],
    [
      'ignores replication when no max_replication_lag is set',
      { replication: { role: 'primary' } },
      {},
      { status: 'up', message: 'SELECT 1 returned 1 in 4 ms on 127.0.0.1:5432', metrics: { value: 1 } },
    ],
    [
      'calls a primary degraded when max_replication_lag is set',
      { replication: { role: 'primary' } },
      { max_replication_lag: 60_000 },
      { status: 'degraded', message: '127.0.0.1:5432 is not a replica, but max_replication_lag 1m is set', metrics: { value: 1 } },
    ],
    [
      'calls a lagging replica degraded',
      { replication: { role: 'replica', lagSeconds: 93.4 } },
      { max_replication_lag: 60_000 },
      {
        status: 'degraded',
        message: 'replication lag 93 s, above max_replication_lag 1m on 127.0.0.1:5432',
        metrics: { value: 1, replication_lag_seconds: 93.4 },
      },
    ],
    [
      'reports the lag of a replica that keeps up',
      { replication: { role: 'replica', lagSeconds: 0.25 } },
      { max_replication_lag: 60_000 },
      { status: 'up', message: 'SELECT 1 returned 1 in 4 ms on 127.0.0.1:5432, replication lag 0.3 s', metrics: { value: 1, replication_lag_seconds: 0.25 } },
    ],
    [
      'calls a replica with unknown lag degraded',
      { replication: { role: 'replica', lagSeconds: null, why: 'Slave_SQL_Running is No' } },
      { max_replication_lag: 5000 },
      { status: 'degraded', message: 'replication lag of 127.0.0.1:5432 is unknown: Slave_SQL_Running is No', metrics: { value: 1 } },
    ],
    [
      'cannot tell when the replication status is unreadable',
      { replication: { role: 'unreadable', error: 'Access denied' } },
      { max_replication_lag: 5000 },
      { status: 'unknown', message: 'could not read the replication status of 127.0.0.1:5432: Access denied', metrics: { value: 1 } },
    ],
    [
      'judges the value before the replication',
      { value: 7, replication: { role: 'primary' } },
      { expect: { equals: 1 }, max_replication_lag: 5000 },
      { status: 'down', message: 'query returned 7, expected 1 on 127.0.0.1:5432', metrics: { value: 7 } },
    ],
  ])('%s', (_name, change, rules, verdict) => {
    expect(judgeSql({ ...ok, ...change }, rules)).toEqual(verdict);
  });

  test('shortens a long query to one line', () => {
    const query = `SELECT count(*)\n  FROM jobs\n  WHERE state = 'queued' AND created_at < now() - interval '5 minutes'`;
    expect(judgeSql({ ...ok, query }, {}).message).toBe("SELECT count(*) FROM jobs WHERE state = 'queued' AND create… returned 1 in 4 ms on 127.0.0.1:5432");
  });
});

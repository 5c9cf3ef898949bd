import { describe, expect, it } from 'vitest';
import { judgeHeartbeat, type HeartbeatPolicy } from './judge.js';
import { replayPings, type Ping } from './runs.js';

const T = (iso: string) => Date.parse(iso);
const S = 1000;
const MIN = 60 * S;
const H = 60 * MIN;
const D = 24 * H;

const daily: HeartbeatPolicy = { period: D, tz: 'UTC', grace: H };
const nightly: HeartbeatPolicy = { schedule: '0 2 * * *', tz: 'UTC', grace: H, max_runtime: 30 * MIN, min_runtime: 5 * MIN };
const berlin: HeartbeatPolicy = { schedule: '0 2 * * *', tz: 'Europe/Berlin', grace: H };
const RID = '3f1a2b3c-0000-4000-8000-000000000001';
const OTHER = '9e8d7c6b-0000-4000-8000-000000000002';

const since = T('2026-11-01T00:00:00Z');
const ping = (kind: Ping['kind'], iso: string, extra: Partial<Ping> = {}): Ping => ({ kind, at: T(iso), ...extra });

interface Row {
  name: string;
  policy: HeartbeatPolicy;
  pings: Ping[];
  now: string;
  since?: string;
  state: string;
  status?: string;
  message: string | RegExp;
}

const rows: Row[] = [
  {
    name: 'is up while the last success is within period + grace',
    policy: daily,
    pings: [ping('success', '2026-11-19T02:00:04Z')],
    now: '2026-11-20T02:59:00Z',
    state: 'up',
    status: 'up',
    message: 'pinged 2026-11-19T02:00:04Z; next expected by 2026-11-20T02:00:04Z + grace 1h',
  },
  {
    name: 'is late once last ping + period + grace has passed',
    policy: daily,
    pings: [ping('success', '2026-11-19T02:00:04Z')],
    now: '2026-11-20T03:00:05Z',
    state: 'late',
    status: 'down',
    message: 'no ping since 2026-11-19T02:00:04Z; expected by 2026-11-20T02:00:04Z + grace 1h',
  },
  {
    name: 'is not late at exactly the due instant',
    policy: daily,
    pings: [ping('success', '2026-11-19T02:00:04Z')],
    now: '2026-11-20T03:00:04Z',
    state: 'up',
    message: /^pinged/,
  },
  {
    name: 'is late on a cron schedule when the occurrence + grace passed with no ping after it',
    policy: nightly,
    pings: [ping('start', '2026-11-19T02:00:01Z'), ping('success', '2026-11-19T02:10:00Z')],
    now: '2026-11-20T03:00:01Z',
    state: 'late',
    status: 'down',
    message: 'no ping since 2026-11-19T02:10:00Z; expected by 2026-11-20T02:00:00Z + grace 1h',
  },
  {
    name: 'names the local time of a schedule read in another zone',
    policy: berlin,
    pings: [ping('success', '2026-11-19T01:00:10Z')],
    now: '2026-11-20T02:00:01Z',
    state: 'late',
    message: 'no ping since 2026-11-19T01:00:10Z; expected by 2026-11-20T01:00:00Z (02:00 Europe/Berlin) + grace 1h',
  },
  {
    name: 'reports a /fail at once, with the first line of its log',
    policy: daily,
    pings: [ping('fail', '2026-11-20T02:14:00Z', { log: '\n  rsync: connection refused\nmore detail' })],
    now: '2026-11-20T02:14:01Z',
    state: 'failed',
    status: 'down',
    message: 'the job reported failure (/fail) at 2026-11-20T02:14:00Z: rsync: connection refused',
  },
  {
    name: 'reports a non-zero exit status with the run and how long it took',
    policy: nightly,
    pings: [ping('start', '2026-11-20T02:00:00Z', { rid: RID }), ping('fail', '2026-11-20T02:03:00Z', { rid: RID, exitStatus: 3 })],
    now: '2026-11-20T02:03:01Z',
    state: 'failed',
    status: 'down',
    message: 'run 3f1a2b3c… failed with exit status 3 at 2026-11-20T02:03:00Z after 3 min',
  },
  {
    name: 'masks credentials that the failing job printed',
    policy: daily,
    pings: [ping('fail', '2026-11-20T02:14:00Z', { log: 'pg_dump postgres://backup:hunter2@db/app failed, PGPASSWORD=hunter2' })],
    now: '2026-11-20T02:15:00Z',
    state: 'failed',
    message: /postgres:\/\/backup:\*\*\*@db\/app failed, PGPASSWORD=\*\*\*$/,
  },
  {
    name: 'stays failed after the failure until a success arrives',
    policy: daily,
    pings: [ping('fail', '2026-11-18T02:00:00Z')],
    now: '2026-11-20T05:00:00Z',
    state: 'failed',
    message: /reported failure/,
  },
  {
    name: 'recovers on the next success',
    policy: daily,
    pings: [ping('fail', '2026-11-19T02:00:00Z'), ping('success', '2026-11-19T02:30:00Z')],
    now: '2026-11-19T02:30:01Z',
    state: 'up',
    message: /^pinged 2026-11-19T02:30:00Z/,
  },
  {
    name: 'says which run hung and for how long it was allowed to run',
    policy: nightly,
    pings: [ping('start', '2026-11-20T02:00:03Z', { rid: RID })],
    now: '2026-11-20T02:30:04Z',
    state: 'hung',
    status: 'down',
    message: 'started 2026-11-20T02:00:03Z (run 3f1a2b3c…) and has not finished after 30m (max_runtime)',
  },
  {
    name: 'shows a running job as up before max_runtime',
    policy: nightly,
    pings: [ping('start', '2026-11-20T02:00:03Z', { rid: RID })],
    now: '2026-11-20T02:30:02Z',
    state: 'up',
    message: 'running since 2026-11-20T02:00:03Z (run 3f1a2b3c…); next expected by 2026-11-21T02:00:00Z + grace 1h',
  },
  {
    name: 'uses grace as the run limit when no max_runtime is set, as Healthchecks does',
    policy: daily,
    pings: [ping('start', '2026-11-20T02:00:00Z')],
    now: '2026-11-20T03:00:01Z',
    state: 'hung',
    message: 'started 2026-11-20T02:00:00Z and has not finished after 1h (grace; no max_runtime set)',
  },
  {
    name: 'finds the hung run among overlapping runs by run id',
    policy: nightly,
    pings: [
      ping('start', '2026-11-20T02:00:00Z', { rid: RID }),
      ping('start', '2026-11-20T02:10:00Z', { rid: OTHER }),
      ping('success', '2026-11-20T02:20:00Z', { rid: OTHER }),
    ],
    now: '2026-11-20T02:30:01Z',
    state: 'hung',
    message: /run 3f1a2b3c…/,
  },
  {
    name: 'forgets a hung run once a run started after its deadline has finished',
    policy: nightly,
    pings: [
      ping('start', '2026-11-19T02:00:00Z', { rid: RID }),
      ping('start', '2026-11-20T02:00:00Z', { rid: OTHER }),
      ping('success', '2026-11-20T02:10:00Z', { rid: OTHER }),
    ],
    now: '2026-11-20T02:10:01Z',
    state: 'up',
    message: /^pinged 2026-11-20T02:10:00Z after 10 min/,
  },
  {
    name: 'closes every open start on a finish without run id',
    policy: nightly,
    pings: [ping('start', '2026-11-20T02:00:00Z', { rid: RID }), ping('success', '2026-11-20T02:10:00Z')],
    now: '2026-11-20T03:00:00Z',
    state: 'up',
    message: /^pinged 2026-11-20T02:10:00Z;/,
  },
  {
    name: 'is degraded when a run finished faster than min_runtime',
    policy: nightly,
    pings: [ping('start', '2026-11-20T02:00:00Z'), ping('success', '2026-11-20T02:00:02Z')],
    now: '2026-11-20T02:00:03Z',
    state: 'too_fast',
    status: 'degraded',
    message: 'the job finished in 2 s, below min_runtime 5m',
  },
  {
    name: 'does not judge speed without a start to measure from',
    policy: nightly,
    pings: [ping('success', '2026-11-20T02:00:02Z')],
    now: '2026-11-20T02:00:03Z',
    state: 'up',
    message: /^pinged/,
  },
  {
    name: 'leaves the status alone when a log ping arrives',
    policy: daily,
    pings: [ping('fail', '2026-11-20T01:00:00Z'), ping('log', '2026-11-20T01:30:00Z', { log: 'retrying' })],
    now: '2026-11-20T01:31:00Z',
    state: 'failed',
    message: /reported failure/,
  },
  {
    name: 'waits for the first ping of a new heartbeat until its first due time',
    policy: nightly,
    pings: [],
    since: '2026-11-20T01:00:00Z',
    now: '2026-11-20T02:59:00Z',
    state: 'waiting',
    message: 'no ping yet; expected by 2026-11-20T02:00:00Z + grace 1h',
  },
  {
    name: 'is late when a new heartbeat never pinged by its first due time',
    policy: nightly,
    pings: [],
    since: '2026-11-20T01:00:00Z',
    now: '2026-11-20T03:00:01Z',
    state: 'late',
    status: 'down',
    message: 'no ping since monitoring began at 2026-11-20T01:00:00Z; expected by 2026-11-20T02:00:00Z + grace 1h',
  },
  {
    name: 'does not hold a deadline that passed while tocsin was down against the job',
    policy: daily,
    pings: [ping('success', '2026-11-17T02:00:00Z')],
    since: '2026-11-20T10:00:00Z',
    now: '2026-11-20T10:00:01Z',
    state: 'waiting',
    message: 'last ping 2026-11-17T02:00:00Z, before tocsin was watching; expected by 2026-11-21T10:00:00Z + grace 1h',
  },
  {
    name: 'counts a run that started before the restart from the restart',
    policy: nightly,
    pings: [ping('success', '2026-11-19T02:20:00Z'), ping('start', '2026-11-20T02:00:00Z')],
    since: '2026-11-20T02:20:00Z',
    now: '2026-11-20T02:45:00Z',
    state: 'up',
    message: /^running since 2026-11-20T02:00:00Z/,
  },
];

describe('judgeHeartbeat', () => {
  for (const row of rows) {
    it(row.name, () => {
      const verdict = judgeHeartbeat(row.policy, { runs: replayPings(row.pings), since: row.since ? T(row.since) : since }, T(row.now));
      expect(verdict.state).toBe(row.state);
      if (row.status) expect(verdict.status).toBe(row.status);
      if (row.state === 'waiting') expect(verdict.status).toBeUndefined();
      if (typeof row.message === 'string') expect(verdict.message).toBe(row.message);
      else expect(verdict.message).toMatch(row.message);
    });
  }

  it('asks to be rechecked at the next deadline while up', () => {
    const runs = replayPings([ping('start', '2026-11-20T02:00:00Z')]);
    const verdict = judgeHeartbeat(nightly, { runs, since }, T('2026-11-20T02:01:00Z'));
    expect(verdict.recheckAt).toBe(T('2026-11-20T02:30:00Z'));
  });

  it('asks to be rechecked at the due time while waiting', () => {
    const verdict = judgeHeartbeat(nightly, { runs: replayPings([]), since: T('2026-11-20T01:00:00Z') }, T('2026-11-20T01:00:00Z'));
    expect(verdict.recheckAt).toBe(T('2026-11-20T03:00:00Z'));
  });
});

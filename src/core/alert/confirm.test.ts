import { describe, expect, it } from 'vitest';
import type { ConfirmedStatus, Status } from '../types.js';
import { confirming, confirmingText } from './confirm.js';
import { replay } from './replay.js';
import { initialState } from './state.js';
import type { AlertPolicy } from './types.js';

const base: AlertPolicy = { down_after: 2, up_after: 1, escalation: [{ after: 0, channels: ['slack'] }] };

function confirmed(statuses: Status[], policy: Partial<AlertPolicy> = {}) {
  const inputs = statuses.map((status, i) => ({ now: i * 1000, input: { kind: 'result' as const, status, message: status, at: i * 1000 } }));
  return replay(initialState(), inputs, { ...base, ...policy }).state;
}

describe('confirming a status from results', () => {
  const cases: { name: string; results: Status[]; policy?: Partial<AlertPolicy>; status: ConfirmedStatus; episode: number }[] = [
    { name: 'is pending before any result', results: [], status: 'pending', episode: 0 },
    { name: 'keeps a new monitor pending after a single failure', results: ['down'], status: 'pending', episode: 0 },
    { name: 'confirms a new monitor up on its first success', results: ['up'], policy: { up_after: 3 }, status: 'up', episode: 0 },
    { name: 'ignores a single failure of a monitor that was up', results: ['up', 'down'], status: 'up', episode: 0 },
    { name: 'confirms down after down_after failures in a row', results: ['down', 'down'], status: 'down', episode: 1 },
    { name: 'starts counting again after a success', results: ['down', 'up', 'down'], status: 'up', episode: 0 },
    { name: 'keeps unknown results out of the down streak', results: ['up', 'down', 'unknown', 'down'], status: 'down', episode: 1 },
    { name: 'confirms unknown after down_after unknown results', results: ['up', 'unknown', 'unknown'], status: 'unknown', episode: 1 },
    { name: 'confirms unknown from pending', results: ['unknown', 'unknown'], status: 'unknown', episode: 1 },
    { name: 'never lets unknown results hide a confirmed down', results: ['down', 'down', 'unknown', 'unknown', 'unknown'], status: 'down', episode: 1 },
    { name: 'moves unknown to down in the same episode', results: ['unknown', 'unknown', 'down', 'down'], status: 'down', episode: 1 },
    { name: 'ends unknown after up_after successes', results: ['unknown', 'unknown', 'up'], status: 'up', episode: 1 },
    { name: 'confirms down on the first failure when down_after is 1', results: ['down'], policy: { down_after: 1 }, status: 'down', episode: 1 },
    {
      name: 'confirms down when M of the last K results failed',
      results: ['down', 'up', 'down'],
      policy: { window: { failures: 2, of: 4 } },
      status: 'down',
      episode: 1,
    },
    {
      name: 'forgets failures that left the window',
      results: ['down', 'up', 'up', 'up', 'down'],
      policy: { window: { failures: 2, of: 3 } },
      status: 'up',
      episode: 0,
    },
    {
      name: 'confirms degraded from intermittent slowness in the window',
      results: ['degraded', 'up', 'degraded'],
      policy: { window: { failures: 2, of: 3 } },
      status: 'degraded',
      episode: 1,
    },
    { name: 'confirms degraded after down_after degraded results', results: ['degraded', 'degraded'], status: 'degraded', episode: 1 },
    { name: 'counts a mix of degraded and down as degraded', results: ['degraded', 'down'], status: 'degraded', episode: 1 },
    { name: 'moves degraded to down in the same episode', results: ['degraded', 'down', 'down'], status: 'down', episode: 1 },
    { name: 'moves down to degraded once results stop being down', results: ['down', 'down', 'degraded'], status: 'degraded', episode: 1 },
    {
      name: 'stays down until up_after successes',
      results: ['down', 'down', 'up'],
      policy: { up_after: 2 },
      status: 'down',
      episode: 1,
    },
    { name: 'confirms up after up_after successes', results: ['down', 'down', 'up', 'up'], policy: { up_after: 2 }, status: 'up', episode: 1 },
    {
      name: 'stays degraded until up_after successes',
      results: ['degraded', 'degraded', 'up'],
      policy: { up_after: 2 },
      status: 'degraded',
      episode: 1,
    },
    { name: 'opens a new episode for each problem', results: ['down', 'down', 'up', 'degraded', 'degraded'], status: 'degraded', episode: 2 },
  ];

  it.each(cases)('$name', ({ results, policy, status, episode }) => {
    const state = confirmed(results, policy);
    expect(state.status).toBe(status);
    expect(state.episode).toBe(episode);
  });

  it('dates the status from the result that confirmed it', () => {
    const state = confirmed(['up', 'down', 'down', 'down']);
    expect(state.since).toBe(2000);
    expect(state.episodeSince).toBe(2000);
  });

  it('keeps only the last window.of results', () => {
    expect(confirmed(['down', 'up', 'up', 'up', 'up'], { window: { failures: 2, of: 3 } }).recent).toEqual(['up', 'up', 'up']);
    expect(confirmed(['down', 'up']).recent).toEqual([]);
  });
});

describe('the change the latest results point to', () => {
  const marker = (results: Status[], policy: Partial<AlertPolicy> = {}) => {
    const p = { ...base, ...policy };
    const state = confirmed(results, policy);
    const c = confirming(state, p);
    return c && { status: state.status, ...c, text: confirmingText(c) };
  };

  it.each<[string, Status[], Partial<AlertPolicy>, ReturnType<typeof marker>]>([
    ['nothing for a monitor whose latest result agrees', ['up', 'up'], {}, null],
    ['nothing for a monitor never checked', [], {}, null],
    [
      'failing 1 of 2 for a new monitor whose first check failed',
      ['down'],
      {},
      { status: 'pending', toward: 'down', count: 1, needed: 2, text: 'failing 1 of 2' },
    ],
    ['failing 1 of 2 for an up monitor with one failure', ['up', 'down'], {}, { status: 'up', toward: 'down', count: 1, needed: 2, text: 'failing 1 of 2' }],
    [
      'failing towards degraded when the failures are mixed',
      ['up', 'degraded', 'down'],
      { down_after: 3 },
      { status: 'up', toward: 'degraded', count: 2, needed: 3, text: 'failing 2 of 3' },
    ],
    [
      'recovering 1 of 2 for a down monitor answering again',
      ['down', 'down', 'up'],
      { up_after: 2 },
      { status: 'down', toward: 'up', count: 1, needed: 2, text: 'recovering 1 of 2' },
    ],
    [
      'unknown 1 of 2 for an up monitor whose check could not judge',
      ['up', 'unknown'],
      {},
      { status: 'up', toward: 'unknown', count: 1, needed: 2, text: 'unknown 1 of 2' },
    ],
    ['nothing for an unknown result of a monitor already down', ['down', 'down', 'unknown'], {}, null],
    [
      'the window count when it is nearer its threshold',
      ['up', 'down', 'up', 'down'],
      { down_after: 3, window: { failures: 3, of: 5 } },
      { status: 'up', toward: 'down', count: 2, needed: 3, of: 5, text: 'failing 2 of the last 5 (3 needed)' },
    ],
  ])('says %s', (_name, results, policy, expected) => {
    expect(marker(results, policy)).toEqual(expected);
  });
});

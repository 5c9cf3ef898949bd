import { describe, expect, it } from 'vitest';
import type { Status } from '../types.js';
import { replay } from './replay.js';
import { initialState } from './state.js';
import type { AlertPolicy } from './types.js';

const base: AlertPolicy = { down_after: 2, up_after: 1, escalation: [{ after: 0, channels: ['slack'] }] };

function confirmed(statuses: Status[], policy: Partial<AlertPolicy> = {}) {
  const inputs = statuses.map((status, i) => ({ now: i * 1000, input: { kind: 'result' as const, status, message: status, at: i * 1000 } }));
  return replay(initialState(), inputs, { ...base, ...policy }).state;
}

describe('confirming a status from results', () => {
  const cases: { name: string; results: Status[]; policy?: Partial<AlertPolicy>; status: Status; episode: number }[] = [
    { name: 'ignores a single failure', results: ['down'], status: 'up', episode: 0 },
    { name: 'confirms down after down_after failures in a row', results: ['down', 'down'], status: 'down', episode: 1 },
    { name: 'starts counting again after a success', results: ['down', 'up', 'down'], status: 'up', episode: 0 },
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

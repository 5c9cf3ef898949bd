import { describe, expect, it } from 'vitest';
import { initialState, type AlertState } from '../core/alert/index.js';
import type { OpenWindow } from '../core/maintenance.js';
import type { Status } from '../core/types.js';
import { step } from '../core/alert/index.js';
import { contextInputs, needsTicks, sameState, worstOf, type Surroundings } from './alert-context.js';

const window: OpenWindow = { name: 'Upgrade', start: 1_000, end: 9_000, monitors: ['app'] };

function around(statuses: Record<string, Status>, open: OpenWindow[] = []): Surroundings {
  return {
    maintenance: new Map(open.flatMap((w) => w.monitors.map((id) => [id, w] as const))),
    dependsOn: { app: ['db', 'net'] },
    statusOf: (id) => (statuses[id] ? { status: statuses[id] } : undefined),
  };
}

const fresh = initialState();

describe('contextInputs', () => {
  it.each<[string, AlertState, Surroundings, unknown[]]>([
    ['nothing when all is current', fresh, around({ db: 'up', net: 'up' }), []],
    ['a window that opened', fresh, around({}, [window]), [{ kind: 'maintenance', active: true, until: 9_000 }]],
    ['nothing for a window already known', { ...fresh, maintenance: { until: 9_000 } }, around({}, [window]), []],
    ['a window that was extended', { ...fresh, maintenance: { until: 5_000 } }, around({}, [window]), [{ kind: 'maintenance', active: true, until: 9_000 }]],
    ['a window that closed', { ...fresh, maintenance: { until: 9_000 } }, around({}), [{ kind: 'maintenance', active: false }]],
    ['an upstream confirmed down', fresh, around({ db: 'down', net: 'degraded' }), [{ kind: 'upstream', down: ['db'] }]],
    ['nothing for upstreams already known down', { ...fresh, blockedBy: ['db', 'net'] }, around({ db: 'down', net: 'down' }), []],
    ['an upstream that recovered', { ...fresh, blockedBy: ['db'] }, around({ db: 'up' }), [{ kind: 'upstream', down: [] }]],
  ])('brings in %s', (_title, state, surroundings, inputs) => {
    expect(contextInputs('app', state, surroundings)).toEqual(inputs);
  });
});

describe('needsTicks', () => {
  it.each<[string, Partial<AlertState>, boolean]>([
    ['a quiet monitor that is up', {}, false],
    ['a monitor that is down', { status: 'down' }, true],
    ['a recovery not told yet', { told: { episode: 1, status: 'down', since: 0, channels: ['hook'], recoveredAt: 5 } }, true],
    ['a monitor in maintenance', { maintenance: { until: null } }, true],
    ['a monitor held by an upstream', { blockedBy: ['db'] }, true],
    ['a flapping monitor', { flapping: true }, true],
  ])('says %s: %s', (_title, over, expected) => {
    expect(needsTicks({ ...fresh, ...over })).toBe(expected);
  });
});

describe('worstOf', () => {
  it.each<[Status, Status | undefined, Status]>([
    ['up', undefined, 'up'],
    ['up', 'down', 'down'],
    ['down', 'up', 'down'],
    ['degraded', 'down', 'down'],
    ['up', 'degraded', 'degraded'],
  ])('of confirmed %s and latest %s is %s', (confirmed, latest, worst) => {
    expect(worstOf(confirmed, latest)).toBe(worst);
  });
});

describe('sameState', () => {
  const policy = {
    down_after: 1,
    up_after: 1,
    remind_every: 60_000,
    flap: { changes: 3, within: 600_000 },
    escalation: [
      { after: 0, channels: ['hook'] },
      { after: 120_000, channels: ['pager'] },
    ],
  };
  const downState = step(fresh, { kind: 'result', status: 'down', message: 'HTTP 503', at: 0 }, policy, 0).state;

  it('sees nothing new in a tick that fires nothing', () => {
    expect(sameState(downState, step(downState, { kind: 'tick' }, policy, 30_000).state)).toBe(true);
  });

  it('sees an escalation step, a reminder and a new result', () => {
    expect(sameState(downState, step(downState, { kind: 'tick' }, policy, 60_000).state)).toBe(false);
    expect(sameState(downState, step(downState, { kind: 'tick' }, policy, 120_000).state)).toBe(false);
    expect(sameState(downState, step(downState, { kind: 'result', status: 'down', message: 'HTTP 503', at: 1 }, policy, 1).state)).toBe(false);
  });
});

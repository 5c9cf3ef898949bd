import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { initialState, type AlertInput, type AlertPolicy, type AlertState } from '../core/alert/index.js';
import type { OpenWindow } from '../core/maintenance.js';
import type { Status } from '../core/types.js';
import { step } from '../core/alert/index.js';
import { contextInputs, needsTicks, routineChange, sameState, worstOf, type Surroundings } from './alert-context.js';

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

describe('routineChange', () => {
  const policy: AlertPolicy = { down_after: 2, up_after: 2, escalation: [{ after: 0, channels: ['hook'] }], remind_every: 600_000 };
  const result = (status: Status, at: number): AlertInput => ({ kind: 'result', status, message: `${status} in ${at % 7} ms`, at });

  it('holds for a steady monitor once its streaks are past the thresholds, and not before', () => {
    let state = initialState();
    const seen: boolean[] = [];
    for (const [i, status] of (['up', 'up', 'up', 'up', 'down', 'down', 'down', 'up'] as Status[]).entries()) {
      const next = step(state, result(status, 1_000 * (i + 1)), policy, 1_000 * (i + 1)).state;
      seen.push(routineChange(state, next, policy));
      state = next;
    }
    // first result; up 1 → 2 (below up_after); 2 → 3 and 3 → 4 past it; a failure; its confirmation; a third failure past down_after; recovering
    expect(seen).toEqual([false, false, true, true, false, false, true, false]);
  });

  it('never holds when anything else changed', () => {
    const up = step(step(step(initialState(), result('up', 1), policy, 1).state, result('up', 2), policy, 2).state, result('up', 3), policy, 3).state;
    const next = step(up, result('up', 4), policy, 4).state;
    expect(routineChange(up, next, policy)).toBe(true);
    expect(routineChange(up, { ...next, acknowledged: { by: 'alice', at: 4 } }, policy)).toBe(false);
    expect(routineChange(up, { ...next, maintenance: { until: null } }, policy)).toBe(false);
    expect(routineChange(up, { ...next, lastResult: { ...next.lastResult!, status: 'degraded' } }, policy)).toBe(false);
  });

  // What a restart or a takeover reads is the last state written: judged from it, the same results must
  // give the same confirmed states and the same notifications as the state held in memory.
  it('leaves a stored state that judges like the one in memory', () => {
    const statuses = fc.constantFrom<Status>('up', 'up', 'up', 'degraded', 'down', 'down', 'unknown');
    const policies = fc.record({
      down_after: fc.integer({ min: 1, max: 4 }),
      up_after: fc.integer({ min: 1, max: 4 }),
      window: fc.option(fc.record({ failures: fc.integer({ min: 1, max: 3 }), of: fc.integer({ min: 3, max: 5 }) }), { nil: undefined }),
    });
    fc.assert(
      fc.property(
        policies,
        fc.array(statuses, { minLength: 1, maxLength: 40 }),
        fc.array(statuses, { minLength: 1, maxLength: 12 }),
        (shape, before, after) => {
          const p: AlertPolicy = { ...shape, escalation: [{ after: 0, channels: ['hook'] }] };
          let memory = initialState();
          let stored = memory;
          let at = 0;
          for (const status of before) {
            at += 60_000;
            const { state, events } = step(memory, result(status, at), p, at);
            if (events.length > 0 || !routineChange(memory, state, p)) stored = state;
            memory = state;
          }
          for (const status of after) {
            at += 60_000;
            const fromMemory = step(memory, result(status, at), p, at);
            const fromStore = step(stored, result(status, at), p, at);
            expect(fromStore.state.status).toBe(fromMemory.state.status);
            expect(fromStore.events.map((e) => e.type)).toEqual(fromMemory.events.map((e) => e.type));
            memory = fromMemory.state;
            stored = fromStore.state;
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});

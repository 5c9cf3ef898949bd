/**
 * nextWake against the state machine itself: after any random history, a tick at any moment
 * before the wake time changes nothing and sends nothing, so the engine may sleep until then.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Status } from '../types.js';
import { initialState } from './state.js';
import { step } from './step.js';
import type { AlertInput, AlertPolicy, AlertState, UnknownRouting } from './types.js';
import { nextWake } from './wake.js';

const CHANNELS = ['a', 'b', 'c'];
const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

const policyArb: fc.Arbitrary<AlertPolicy> = fc.record({
  down_after: fc.integer({ min: 1, max: 3 }),
  up_after: fc.integer({ min: 1, max: 2 }),
  remind_every: optional(fc.integer({ min: 1, max: 20 })),
  flap: optional(fc.record({ changes: fc.integer({ min: 1, max: 3 }), within: fc.integer({ min: 5, max: 40 }) })),
  escalation: fc.array(fc.record({ after: fc.integer({ min: 0, max: 30 }), channels: fc.subarray(CHANNELS) }), { maxLength: 3 }),
  unknown: optional(fc.constantFrom<UnknownRouting>('page', 'notify', 'ignore')),
});

const inputArb = (at: number): fc.Arbitrary<AlertInput> =>
  fc.oneof(
    {
      weight: 6,
      arbitrary: fc
        .constantFrom<Status>('up', 'degraded', 'down', 'down', 'unknown')
        .map((status) => ({ kind: 'result' as const, status, message: status, at })),
    },
    { weight: 2, arbitrary: fc.constant({ kind: 'tick' as const }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'ack' as const, by: 'ann' }) },
    {
      weight: 1,
      arbitrary: fc.record({ kind: fc.constant('maintenance' as const), active: fc.boolean(), until: optional(fc.integer({ min: at, max: at + 30 })) }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('upstream' as const), down: fc.subarray(['u1']) }) },
  );

/** Steps of (time gap, input), with the input drawn knowing its time. */
const historyArb = fc.array(fc.integer({ min: 0, max: 8 }), { minLength: 3, maxLength: 40 }).chain((gaps) => {
  let at = 0;
  const times = gaps.map((gap) => (at += gap));
  return fc.tuple(...times.map((t) => inputArb(t).map((input) => [t, input] as const)));
});

function run(policy: AlertPolicy, history: ReadonlyArray<readonly [number, AlertInput]>): { state: AlertState; now: number } {
  let state = initialState();
  let now = 0;
  for (const [at, input] of history) {
    state = step(state, input, policy, at).state;
    now = at;
  }
  return { state, now };
}

describe('nextWake', () => {
  it('is never later than the first moment a tick would change the state or send something', () => {
    fc.assert(
      fc.property(policyArb, historyArb, fc.integer({ min: 0, max: 120 }), (policy, history, later) => {
        const { state, now } = run(policy, history);
        const wake = nextWake(state, policy);
        const at = now + later;
        if (wake !== undefined && at >= wake) return;
        const ticked = step(state, { kind: 'tick' }, policy, at);
        expect(ticked.events).toEqual([]);
        expect(ticked.state).toEqual(state);
      }),
      { numRuns: 3000 },
    );
  });

  it('wakes for the next escalation step, the reminder and the end of maintenance', () => {
    const policy: AlertPolicy = {
      down_after: 1,
      up_after: 1,
      remind_every: 600,
      escalation: [
        { after: 0, channels: ['a'] },
        { after: 300, channels: ['b'] },
      ],
    };
    const down = step(initialState(), { kind: 'result', status: 'down', message: 'x', at: 1000 }, policy, 1000).state;
    expect(nextWake(down, policy)).toBe(1300);
    const stepped = step(down, { kind: 'tick' }, policy, 1300).state;
    expect(nextWake(stepped, policy)).toBe(1600);
    const acked = step(stepped, { kind: 'ack', by: 'ann' }, policy, 1400).state;
    expect(nextWake(acked, policy)).toBeUndefined();
    const held = step(acked, { kind: 'maintenance', active: true, until: 5000 }, policy, 1500).state;
    expect(nextWake(held, policy)).toBe(5000);
  });
});

/**
 * Properties over random histories: results, ticks with advancing time, acknowledgements,
 * maintenance toggles and upstream changes, under random policies. Times are small integers
 * so that thresholds, escalation delays and flap windows are actually crossed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Status } from '../types.js';
import { initialState } from './state.js';
import { step } from './step.js';
import type { AlertEvent, AlertInput, AlertPolicy, AlertState } from './types.js';

const CHANNELS = ['a', 'b', 'c', 'd'];
const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

const policyArb: fc.Arbitrary<AlertPolicy> = fc.record({
  down_after: fc.integer({ min: 1, max: 3 }),
  up_after: fc.integer({ min: 1, max: 3 }),
  window: optional(fc.integer({ min: 1, max: 4 }).chain((of) => fc.record({ failures: fc.integer({ min: 1, max: of }), of: fc.constant(of) }))),
  remind_every: optional(fc.integer({ min: 1, max: 20 })),
  flap: optional(fc.record({ changes: fc.integer({ min: 1, max: 4 }), within: fc.integer({ min: 5, max: 40 }) })),
  escalation: fc.array(fc.record({ after: fc.integer({ min: 0, max: 30 }), channels: fc.subarray(CHANNELS) }), { maxLength: 3 }),
  degraded_channels: optional(fc.subarray(CHANNELS)),
});

/** Inputs before time is known; `until` is relative so it lands near the moment it is applied. */
type Command =
  | { kind: 'result'; status: Status; repeat: number }
  | { kind: 'tick' }
  | { kind: 'ack'; by: string }
  | { kind: 'maintenance'; active: boolean; untilIn?: number }
  | { kind: 'upstream'; down: string[] };

const commandArb: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('result' as const),
      status: fc.constantFrom<Status>('up', 'degraded', 'down', 'down'),
      // Runs of one status, so thresholds are reached as often as they are missed.
      repeat: fc.integer({ min: 1, max: 4 }),
    }),
  },
  { weight: 3, arbitrary: fc.constant({ kind: 'tick' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('ack' as const), by: fc.constantFrom('ann', 'bob') }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('maintenance' as const),
      active: fc.constantFrom(true, false, false),
      untilIn: optional(fc.integer({ min: 0, max: 30 })),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('upstream' as const),
      down: fc.oneof({ weight: 2, arbitrary: fc.constant<string[]>([]) }, { weight: 1, arbitrary: fc.subarray(['u1', 'u2'], { minLength: 1 }) }),
    }),
  },
);

const historyArb = fc.array(fc.tuple(fc.integer({ min: 0, max: 8 }), commandArb), { minLength: 5, maxLength: 60, size: 'max' });

function toInputs(command: Command, now: number): AlertInput[] {
  switch (command.kind) {
    case 'result':
      return Array.from({ length: command.repeat }, () => ({ kind: 'result', status: command.status, message: `${command.status} at ${now}`, at: now }));
    case 'maintenance':
      return command.untilIn === undefined
        ? [{ kind: 'maintenance', active: command.active }]
        : [{ kind: 'maintenance', active: command.active, until: now + command.untilIn }];
    default:
      return [command];
  }
}

interface Trace {
  now: number;
  before: AlertState;
  input: AlertInput;
  after: AlertState;
  events: AlertEvent[];
}

/** Lifts every hold and lets every timer run out, so whatever is owed gets sent. */
function settle(policy: AlertPolicy, start: number): [number, AlertInput][] {
  const ups = Array.from({ length: policy.up_after }, (): [number, AlertInput] => [start, { kind: 'result', status: 'up', message: 'fine', at: start }]);
  const quietUntil = start + (policy.flap?.within ?? 0) + 1;
  return [[start, { kind: 'maintenance', active: false }], [start, { kind: 'upstream', down: [] }], ...ups, [quietUntil, { kind: 'tick' }]];
}

function simulate(policy: AlertPolicy, history: [number, Command][]): Trace[] {
  let now = 0;
  const timed = history.flatMap(([dt, command]) => toInputs(command, (now += dt)).map((input): [number, AlertInput] => [now, input]));
  const trace: Trace[] = [];
  let state = initialState();
  for (const [at, input] of [...timed, ...settle(policy, now + 1)]) {
    const outcome = step(state, input, policy, at);
    trace.push({ now: at, before: state, input, after: outcome.state, events: outcome.events });
    state = outcome.state;
  }
  return trace;
}

const allEvents = (trace: Trace[]) => trace.flatMap((t) => t.events);
const sorted = (channels: Iterable<string>) => [...new Set(channels)].sort();
const property = (check: (policy: AlertPolicy, trace: Trace[]) => void) => () =>
  fc.assert(fc.property(policyArb, historyArb, (policy, history) => check(policy, simulate(policy, history))), { numRuns: 200 });

describe('alert state machine properties', () => {
  it(
    'sends at most one down notification per episode and escalation step, and never repeats a dedup key',
    property((_policy, trace) => {
      const keys = allEvents(trace).map((e) => e.dedupKey);
      expect(new Set(keys).size).toBe(keys.length);
      const downs = allEvents(trace).filter((e) => e.type === 'monitor.down').map((e) => `${e.episode}#${e.step}`);
      expect(new Set(downs).size).toBe(downs.length);
    }),
  );

  it(
    'ends every announced episode with exactly one recovery to exactly the channels told',
    property((_policy, trace) => {
      const told = new Map<number, Set<string>>();
      const recovered = new Set<number>();
      for (const event of allEvents(trace)) {
        if (event.type === 'monitor.flapping') continue;
        expect(recovered.has(event.episode), `${event.type} after the recovery of episode ${event.episode}`).toBe(false);
        if (event.type === 'monitor.up') {
          expect(sorted(event.channels)).toEqual(sorted(told.get(event.episode) ?? []));
          recovered.add(event.episode);
        } else {
          told.set(event.episode, new Set([...(told.get(event.episode) ?? []), ...event.channels]));
        }
      }
      const announced = [...told.entries()].filter(([, channels]) => channels.size > 0).map(([episode]) => episode);
      expect([...recovered].sort()).toEqual(announced.sort());
      expect(trace.at(-1)?.after).toMatchObject({ status: 'up', told: null, held: false });
    }),
  );

  it(
    'sends no further escalation steps or reminders in an episode once acknowledged',
    property((_policy, trace) => {
      const acknowledged = new Set<number>();
      for (const { after, events } of trace) {
        if (after.acknowledged) acknowledged.add(after.episode);
        const late = events.filter((e) => e.type === 'monitor.reminder' || (e.type === 'monitor.down' && (e.step ?? 0) > 0));
        expect(late.filter((e) => acknowledged.has(e.episode))).toEqual([]);
      }
    }),
  );

  it(
    'sends nothing while maintenance is active or an upstream is down, and never an event for no channel',
    property((_policy, trace) => {
      for (const { after, events } of trace) {
        if (after.maintenance !== null || after.blockedBy.length > 0) expect(events).toEqual([]);
        expect(events.filter((e) => e.channels.length === 0)).toEqual([]);
      }
    }),
  );

  it(
    'announces flapping at most once per flapping period and is otherwise quiet while flapping',
    property((_policy, trace) => {
      for (const { before, after, events } of trace) {
        const flaps = events.filter((e) => e.type === 'monitor.flapping');
        expect(flaps.length).toBeLessThanOrEqual(before.flapping || !after.flapping ? 0 : 1);
        if (after.flapping) expect(events.filter((e) => e.type !== 'monitor.flapping')).toEqual([]);
      }
    }),
  );

  it(
    'behaves the same when the state is serialised to JSON between any two steps',
    property((policy, trace) => {
      for (const { now, before, input, after, events } of trace) {
        const restored = JSON.parse(JSON.stringify(before)) as AlertState;
        expect(restored).toStrictEqual(before);
        expect(step(restored, input, policy, now)).toStrictEqual({ state: after, events });
      }
    }),
  );
});

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
import { confirming } from './confirm.js';
import type { AlertEvent, AlertInput, AlertPolicy, AlertState, UnknownRouting } from './types.js';

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
  unknown: optional(fc.constantFrom<UnknownRouting>('page', 'notify', 'ignore')),
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
      status: fc.constantFrom<Status>('up', 'degraded', 'down', 'down', 'unknown'),
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
  fc.assert(
    fc.property(policyArb, historyArb, (policy, history) => check(policy, simulate(policy, history))),
    { numRuns: 200 },
  );

describe('alert state machine properties', () => {
  it(
    'sends at most one down notification per episode and escalation step, and never repeats a dedup key',
    property((_policy, trace) => {
      // One notification is an event's dedup key on one channel (events to channels told different things are split).
      const perChannel = (events: AlertEvent[], key: (e: AlertEvent) => string) => events.flatMap((e) => e.channels.map((c) => `${key(e)}|${c}`));
      const keys = perChannel(allEvents(trace), (e) => e.dedupKey);
      expect(new Set(keys).size).toBe(keys.length);
      const downs = perChannel(
        allEvents(trace).filter((e) => e.type === 'monitor.down'),
        (e) => `${e.episode}#${e.step}`,
      );
      expect(new Set(downs).size).toBe(downs.length);
    }),
  );

  it(
    'ends every announced episode with exactly one recovery to exactly the channels told',
    property((_policy, trace) => {
      const told = new Map<number, Set<string>>();
      const recovered = new Set<number>();
      for (const { events } of trace) {
        const recoveries = events.filter((e) => e.type === 'monitor.up');
        for (const event of events) {
          if (event.type === 'monitor.flapping' || event.type === 'monitor.up') continue;
          expect(recovered.has(event.episode), `${event.type} after the recovery of episode ${event.episode}`).toBe(false);
          told.set(event.episode, new Set([...(told.get(event.episode) ?? []), ...event.channels]));
        }
        for (const episode of new Set(recoveries.map((e) => e.episode))) {
          expect(recovered.has(episode), `a second recovery of episode ${episode}`).toBe(false);
          const channels = recoveries.filter((e) => e.episode === episode).flatMap((e) => e.channels);
          expect(sorted(channels)).toEqual(sorted(told.get(episode) ?? []));
          expect(channels.length, 'each told channel hears the recovery once').toBe(new Set(channels).size);
          recovered.add(episode);
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
        const flaps = new Set(events.filter((e) => e.type === 'monitor.flapping').map((e) => e.dedupKey));
        expect(flaps.size).toBeLessThanOrEqual(before.flapping || !after.flapping ? 0 : 1);
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

  it(
    'never shows up or pending after a failing result without saying how far it is from confirming',
    property((policy, trace) => {
      for (const { after } of trace) {
        const latest = after.lastResult?.status;
        if ((after.status === 'up' || after.status === 'pending') && latest !== undefined && latest !== 'up') {
          expect(confirming(after, policy)).toMatchObject({ toward: expect.not.stringMatching(/^up$/) });
        }
        if (after.status === 'pending') expect(after.told).toBeNull();
      }
    }),
  );

  it(
    'gives every notification the state its recipients were last told, or the one before the problem began',
    property((_policy, trace) => {
      /** The confirmed status just before each episode began, and each channel's last word per episode. */
      const before = new Map<number, AlertState['status']>();
      const heard = new Map<string, string>();
      for (const { before: prior, after, events } of trace) {
        if (after.episode !== prior.episode) before.set(after.episode, prior.status);
        for (const event of events) {
          for (const c of event.channels) {
            const last = heard.get(`${event.episode}/${c}`);
            // Flapping outside an episode's announcement speaks of a monitor that is up again.
            const expected = last ?? (event.type === 'monitor.flapping' && after.status === 'up' ? 'up' : before.get(event.episode));
            expect(event.previous, `${event.type} to ${c}`).toBe(expected);
            if (event.type === 'monitor.down' || event.type === 'monitor.degraded' || event.type === 'monitor.unknown') {
              heard.set(`${event.episode}/${c}`, event.type.slice('monitor.'.length));
            }
          }
        }
      }
    }),
  );

  it(
    'announces nothing about unknown when it is routed to ignore, and pages on it only when routed to page',
    property((policy, trace) => {
      const unknowns = allEvents(trace).filter((e) => e.type === 'monitor.unknown');
      if ((policy.unknown ?? 'notify') === 'ignore') expect(unknowns).toEqual([]);
      if ((policy.unknown ?? 'notify') !== 'page') expect(unknowns.filter((e) => (e.step ?? 0) > 0)).toEqual([]);
    }),
  );
});

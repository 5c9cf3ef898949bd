import { describe, expect, it } from 'vitest';
import { replay } from './replay.js';
import { initialState } from './state.js';
import type { AlertEvent, AlertInput, AlertPolicy } from './types.js';

const MIN = 60_000;
const policy: AlertPolicy = {
  down_after: 1,
  up_after: 1,
  flap: { changes: 3, within: 30 * MIN },
  escalation: [{ after: 0, channels: ['slack'] }],
};

type Timed = [number, AlertInput];
const result =
  (status: 'up' | 'down') =>
  (now: number): Timed => [now, { kind: 'result', status, message: `HTTP ${status === 'up' ? 200 : 502}`, at: now }];
const up = result('up');
const down = result('down');
const tick = (now: number): Timed => [now, { kind: 'tick' }];

function run(inputs: Timed[]) {
  return replay(
    initialState(),
    inputs.map(([now, input]) => ({ now, input })),
    policy,
  );
}

function summary(events: AlertEvent[]): string[] {
  return events.map((e) => `${e.type} → ${e.channels.join(',')}`);
}

/** Four transitions a minute apart: down, up, down, up. */
const flap = [down(0), up(MIN), down(2 * MIN), up(3 * MIN)];

describe('flapping', () => {
  const cases: { name: string; inputs: Timed[]; expected: string[] }[] = [
    {
      name: 'announces flapping once when transitions exceed the limit',
      inputs: flap,
      expected: ['monitor.down → slack', 'monitor.up → slack', 'monitor.down → slack', 'monitor.flapping → slack'],
    },
    {
      name: 'stays quiet while it keeps flapping',
      inputs: [...flap, down(4 * MIN), up(5 * MIN), down(20 * MIN), tick(40 * MIN)],
      expected: ['monitor.down → slack', 'monitor.up → slack', 'monitor.down → slack', 'monitor.flapping → slack'],
    },
    {
      name: 'sends nothing more when it settles in the state the channels were told',
      inputs: [...flap, down(4 * MIN), tick(33 * MIN), tick(34 * MIN), tick(60 * MIN)],
      expected: ['monitor.down → slack', 'monitor.up → slack', 'monitor.down → slack', 'monitor.flapping → slack'],
    },
    {
      name: 'sends the settled state when it differs from what the channels were told',
      inputs: [...flap, tick(32 * MIN), tick(33 * MIN)],
      expected: ['monitor.down → slack', 'monitor.up → slack', 'monitor.down → slack', 'monitor.flapping → slack', 'monitor.up → slack'],
    },
  ];

  it.each(cases)('$name', ({ inputs, expected }) => {
    expect(summary(run(inputs).events)).toEqual(expected);
  });

  it('names how often it changed, over what window, and when it will speak again', () => {
    const event = run(flap).events.at(-1);
    expect(event).toMatchObject({ type: 'monitor.flapping', dedupKey: 'flap1:monitor.flapping', since: 0 });
    expect(event?.message).toBe('changed state 4 times within 30m, now up; notifications paused until it holds one state for 30m');
  });

  it('settles only after a full quiet window and can flap again later', () => {
    const settled = run([...flap, tick(32 * MIN)]).state;
    expect(settled.flapping).toBe(true);
    const later = run([...flap, tick(33 * MIN), down(40 * MIN), up(41 * MIN), down(42 * MIN), up(43 * MIN)]);
    expect(later.state.flaps).toBe(2);
    expect(later.events.filter((e) => e.type === 'monitor.flapping').map((e) => e.dedupKey)).toEqual(['flap1:monitor.flapping', 'flap2:monitor.flapping']);
  });
});

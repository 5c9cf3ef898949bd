import { describe, expect, it } from 'vitest';
import { replay } from './replay.js';
import { initialState } from './state.js';
import type { AlertEvent, AlertInput, AlertPolicy } from './types.js';

const MIN = 60_000;
const policy: AlertPolicy = {
  down_after: 2,
  up_after: 1,
  escalation: [
    { after: 0, channels: ['slack', 'webhook'] },
    { after: 10 * MIN, channels: ['pager'] },
  ],
  degraded_channels: ['slack'],
};

type Timed = [number, AlertInput];
const result =
  (status: 'up' | 'degraded' | 'down') =>
  (now: number, message = `${status} at ${now}`): Timed => [now, { kind: 'result', status, message, at: now }];
const up = result('up');
const degraded = result('degraded');
const down = result('down');

function run(inputs: Timed[], p: AlertPolicy = policy) {
  return replay(
    initialState(),
    inputs.map(([now, input]) => ({ now, input })),
    p,
  );
}

function summary(events: AlertEvent[]): string[] {
  return events.map((e) => `${e.type}${e.step === undefined ? '' : `#${e.step}`} → ${e.channels.join(',')}`);
}

describe('notifying on confirmed transitions', () => {
  const cases: { name: string; inputs: Timed[]; expected: string[]; p?: AlertPolicy }[] = [
    { name: 'sends nothing for a failure that was never confirmed', inputs: [down(0), up(1)], expected: [] },
    { name: 'tells the first step once the monitor is confirmed down', inputs: [down(0), down(1)], expected: ['monitor.down#0 → slack,webhook'] },
    {
      name: 'tells exactly the channels that heard of the problem when it recovers',
      inputs: [down(0), down(1), down(2), up(3)],
      expected: ['monitor.down#0 → slack,webhook', 'monitor.up → slack,webhook'],
    },
    { name: 'routes degraded to the degraded channels', inputs: [degraded(0), degraded(1)], expected: ['monitor.degraded → slack'] },
    {
      name: 'routes degraded to the first step when no degraded channels are set',
      inputs: [degraded(0), degraded(1)],
      p: { ...policy, degraded_channels: undefined },
      expected: ['monitor.degraded → slack,webhook'],
    },
    {
      name: 'escalates degraded to down within the episode with one down notification',
      inputs: [degraded(0), degraded(1), down(2), down(3), down(4), up(5)],
      // Slack was told degraded, the webhook nothing: each down says what its recipient heard before.
      expected: ['monitor.degraded → slack', 'monitor.down#0 → slack', 'monitor.down#0 → webhook', 'monitor.up → slack,webhook'],
    },
    {
      name: 'does not announce down to degraded as a new problem',
      inputs: [down(0), down(1), degraded(2), degraded(3), down(4), down(5)],
      expected: ['monitor.down#0 → slack,webhook'],
    },
    {
      name: 'opens a new episode after recovery',
      inputs: [down(0), down(1), up(2), down(3), down(4)],
      expected: ['monitor.down#0 → slack,webhook', 'monitor.up → slack,webhook', 'monitor.down#0 → slack,webhook'],
    },
    {
      name: 'sends no event to nobody when the escalation has no channels',
      inputs: [down(0), down(1), up(2)],
      p: { down_after: 2, up_after: 1, escalation: [] },
      expected: [],
    },
  ];

  it.each(cases)('$name', ({ inputs, expected, p }) => {
    expect(summary(run(inputs, p).events)).toEqual(expected);
  });

  it('gives the down notification the message of the result and the time it was confirmed', () => {
    const [event] = run([down(0), down(5000, 'connect ECONNREFUSED 10.0.0.5:5432 after 3ms')]).events;
    expect(event).toMatchObject({
      type: 'monitor.down',
      episode: 1,
      step: 0,
      dedupKey: '1:monitor.down:0',
      message: 'connect ECONNREFUSED 10.0.0.5:5432 after 3ms',
      since: 5000,
      // It was never up: the people were never told it was.
      previous: 'pending',
    });
  });

  it('says the monitor was up before the problem when it had been confirmed up', () => {
    const [event] = run([up(0), down(MIN), down(2 * MIN)]).events;
    expect(event).toMatchObject({ type: 'monitor.down', previous: 'up' });
  });

  it('says how long the monitor was down on recovery', () => {
    const events = run([down(0), down(MIN), up(13 * MIN + 30_000, 'HTTP 200 in 120 ms')]).events;
    expect(events.at(-1)).toMatchObject({
      type: 'monitor.up',
      episode: 1,
      dedupKey: '1:monitor.up',
      downFor: 12 * MIN + 30_000,
      since: 13 * MIN + 30_000,
      previous: 'down',
      message: 'back up after 12m30s: HTTP 200 in 120 ms',
    });
  });

  it('says when a degraded monitor is no longer degraded', () => {
    const events = run([degraded(0), degraded(MIN), up(3 * MIN, 'HTTP 200 in 90 ms')]).events;
    expect(events.at(-1)?.message).toBe('no longer degraded after 2m: HTTP 200 in 90 ms');
  });

  it('ignores an acknowledgement while the monitor is up', () => {
    expect(run([[0, { kind: 'ack', by: 'ann' }]]).state.acknowledged).toBeNull();
  });
});

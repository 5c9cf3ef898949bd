import { describe, expect, it } from 'vitest';
import { replay } from './replay.js';
import { initialState } from './state.js';
import { step } from './step.js';
import type { AlertEvent, AlertInput, AlertPolicy } from './types.js';

const MIN = 60_000;
const policy: AlertPolicy = {
  down_after: 1,
  up_after: 1,
  remind_every: 30 * MIN,
  escalation: [
    { after: 0, channels: ['slack'] },
    { after: 10 * MIN, channels: ['pager', 'phone'] },
    { after: 30 * MIN, channels: ['mail'] },
  ],
};

type Timed = [number, AlertInput];
const down = (now: number): Timed => [now, { kind: 'result', status: 'down', message: 'HTTP 503 from updates.example.org', at: now }];
const up = (now: number): Timed => [now, { kind: 'result', status: 'up', message: 'HTTP 200', at: now }];
const tick = (now: number): Timed => [now, { kind: 'tick' }];
const ack = (now: number, by = 'ann'): Timed => [now, { kind: 'ack', by }];

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

describe('escalation and reminders', () => {
  const cases: { name: string; inputs: Timed[]; expected: string[] }[] = [
    { name: 'does not page the next step before its delay', inputs: [down(0), tick(10 * MIN - 1)], expected: ['monitor.down#0 → slack'] },
    {
      name: 'pages each later step once its delay has passed, once',
      inputs: [down(0), tick(10 * MIN), tick(11 * MIN), tick(29 * MIN)],
      expected: ['monitor.down#0 → slack', 'monitor.down#1 → pager,phone'],
    },
    {
      name: 'fires every overdue step on one late tick',
      inputs: [down(0), tick(31 * MIN)],
      expected: ['monitor.down#0 → slack', 'monitor.down#1 → pager,phone', 'monitor.down#2 → mail', 'monitor.reminder → slack'],
    },
    {
      name: 'pages a step on the first tick after its delay, not only at the exact moment',
      inputs: [down(0), tick(29 * MIN)],
      expected: ['monitor.down#0 → slack', 'monitor.down#1 → pager,phone'],
    },
    {
      name: 'reminds the channels already told, except those paged at that moment',
      inputs: [down(0), tick(10 * MIN), tick(29 * MIN), tick(30 * MIN), tick(59 * MIN), tick(60 * MIN)],
      expected: [
        'monitor.down#0 → slack',
        'monitor.down#1 → pager,phone',
        'monitor.down#2 → mail',
        'monitor.reminder → slack,pager,phone',
        'monitor.reminder → slack,pager,phone,mail',
      ],
    },
    {
      name: 'stops escalating and reminding once acknowledged',
      inputs: [down(0), ack(5 * MIN), tick(10 * MIN), tick(30 * MIN), tick(120 * MIN)],
      expected: ['monitor.down#0 → slack'],
    },
    {
      name: 'still tells the channels that were told when an acknowledged problem recovers',
      inputs: [down(0), tick(10 * MIN), ack(12 * MIN), up(20 * MIN)],
      expected: ['monitor.down#0 → slack', 'monitor.down#1 → pager,phone', 'monitor.up → slack,pager,phone'],
    },
    {
      name: 'restarts escalation with a new episode, forgetting the old acknowledgement',
      inputs: [down(0), ack(MIN), up(2 * MIN), down(3 * MIN), tick(13 * MIN)],
      expected: ['monitor.down#0 → slack', 'monitor.up → slack', 'monitor.down#0 → slack', 'monitor.down#1 → pager,phone'],
    },
    {
      name: 'stops reminding once the monitor is only degraded',
      inputs: [down(0), [MIN, { kind: 'result', status: 'degraded', message: 'slow', at: MIN }], tick(10 * MIN), tick(45 * MIN)],
      expected: ['monitor.down#0 → slack'],
    },
  ];

  it.each(cases)('$name', ({ inputs, expected }) => {
    expect(summary(run(inputs).events)).toEqual(expected);
  });

  it('names the later step, how long it has been down and the failure', () => {
    const events = run([down(0), tick(10 * MIN)]).events;
    expect(events.at(-1)).toMatchObject({
      step: 1,
      dedupKey: '1:monitor.down:1',
      message: 'down for 10m and not acknowledged: HTTP 503 from updates.example.org',
    });
  });

  it('numbers reminders in their dedup keys', () => {
    const events = run([down(0), tick(30 * MIN), tick(60 * MIN)], { ...policy, escalation: [{ after: 0, channels: ['slack'] }] }).events;
    expect(events.map((e) => e.dedupKey)).toEqual(['1:monitor.down:0', '1:monitor.reminder:1', '1:monitor.reminder:2']);
    expect(events.at(-1)?.message).toBe('still down after 1h, not acknowledged: HTTP 503 from updates.example.org');
  });

  it('records who acknowledged and when, keeping the first acknowledgement', () => {
    const state = run([down(0), ack(MIN, 'ann'), ack(2 * MIN, 'bob')]).state;
    expect(state.acknowledged).toEqual({ by: 'ann', at: MIN });
  });

  it('sends no reminders when remind_every is not set', () => {
    const events = run([down(0), tick(300 * MIN)], { ...policy, remind_every: undefined }).events;
    expect(events.filter((e) => e.type === 'monitor.reminder')).toEqual([]);
  });

  it('carries on escalating after a restart that reloads the state from JSON', () => {
    const stored = JSON.stringify(run([down(0), tick(5 * MIN)]).state);
    const { events } = step(JSON.parse(stored), { kind: 'tick' }, policy, 10 * MIN);
    expect(summary(events)).toEqual(['monitor.down#1 → pager,phone']);
  });
});

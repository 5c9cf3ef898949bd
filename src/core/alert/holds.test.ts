import { describe, expect, it } from 'vitest';
import { replay } from './replay.js';
import { initialState } from './state.js';
import type { AlertEvent, AlertInput, AlertPolicy } from './types.js';

const MIN = 60_000;
const policy: AlertPolicy = {
  down_after: 1,
  up_after: 1,
  remind_every: 30 * MIN,
  escalation: [
    { after: 0, channels: ['slack'] },
    { after: 10 * MIN, channels: ['pager'] },
  ],
};

type Timed = [number, AlertInput];
const down = (now: number, message = 'connect ETIMEDOUT 10.0.0.5:5432 during connect'): Timed => [now, { kind: 'result', status: 'down', message, at: now }];
const up = (now: number): Timed => [now, { kind: 'result', status: 'up', message: 'query answered in 4 ms', at: now }];
const tick = (now: number): Timed => [now, { kind: 'tick' }];
const maintenance = (now: number, active: boolean, until?: number): Timed => [
  now,
  until === undefined ? { kind: 'maintenance', active } : { kind: 'maintenance', active, until },
];
const upstream = (now: number, ...ids: string[]): Timed => [now, { kind: 'upstream', down: ids }];

function run(inputs: Timed[]) {
  return replay(
    initialState(),
    inputs.map(([now, input]) => ({ now, input })),
    policy,
  );
}

function summary(events: AlertEvent[]): string[] {
  return events.map((e) => `${e.type}${e.step === undefined ? '' : `#${e.step}`} → ${e.channels.join(',')}`);
}

describe('maintenance windows', () => {
  const cases: { name: string; inputs: Timed[]; expected: string[] }[] = [
    { name: 'holds the down notification while maintenance is on', inputs: [maintenance(0, true), down(MIN), tick(60 * MIN)], expected: [] },
    {
      name: 'alerts when maintenance ends and the monitor is still down',
      inputs: [maintenance(0, true), down(MIN), maintenance(60 * MIN, false)],
      expected: ['monitor.down#0 → slack'],
    },
    {
      name: 'starts a fresh escalation clock when maintenance ends',
      inputs: [maintenance(0, true), down(MIN), maintenance(60 * MIN, false), tick(69 * MIN), tick(70 * MIN)],
      expected: ['monitor.down#0 → slack', 'monitor.down#1 → pager'],
    },
    {
      name: 'sends nothing for a monitor that recovered during the window',
      inputs: [maintenance(0, true), down(MIN), up(30 * MIN), maintenance(60 * MIN, false)],
      expected: [],
    },
    {
      name: 'ends a timed window on the first input after it',
      inputs: [maintenance(0, true, 60 * MIN), down(MIN), tick(59 * MIN), tick(60 * MIN)],
      expected: ['monitor.down#0 → slack'],
    },
    {
      name: 'still tells of a recovery during the window once it ends, when the outage was announced before it',
      inputs: [down(0), maintenance(MIN, true), up(20 * MIN), maintenance(60 * MIN, false)],
      expected: ['monitor.down#0 → slack', 'monitor.up → slack'],
    },
    {
      name: 'holds reminders and escalation during the window',
      inputs: [down(0), maintenance(MIN, true), tick(10 * MIN), tick(40 * MIN)],
      expected: ['monitor.down#0 → slack'],
    },
  ];

  it.each(cases)('$name', ({ inputs, expected }) => {
    expect(summary(run(inputs).events)).toEqual(expected);
  });

  it('still records the outage during maintenance so history is right', () => {
    const state = run([maintenance(0, true), down(MIN)]).state;
    expect(state).toMatchObject({ status: 'down', since: MIN, episode: 1, held: true, told: null });
  });

  it('holds nothing once the monitor recovered inside the window', () => {
    expect(run([maintenance(0, true), down(MIN), up(2 * MIN)]).state.held).toBe(false);
  });
});

describe('upstream dependencies', () => {
  const cases: { name: string; inputs: Timed[]; expected: string[] }[] = [
    { name: 'records but does not announce a failure behind a down upstream', inputs: [upstream(0, 'db-network'), down(MIN)], expected: [] },
    {
      name: 'alerts when the upstream recovers and the monitor is still down',
      inputs: [upstream(0, 'db-network'), down(MIN), upstream(5 * MIN)],
      expected: ['monitor.down#0 → slack'],
    },
    {
      name: 'sends nothing when both recover together',
      inputs: [upstream(0, 'db-network'), down(MIN), up(5 * MIN), upstream(5 * MIN)],
      expected: [],
    },
    {
      name: 'stays quiet while any upstream is still down',
      inputs: [upstream(0, 'db-network', 'dns'), down(MIN), upstream(5 * MIN, 'dns')],
      expected: [],
    },
  ];

  it.each(cases)('$name', ({ inputs, expected }) => {
    expect(summary(run(inputs).events)).toEqual(expected);
  });

  it('names the upstream in the message while blocked', () => {
    const state = run([upstream(0, 'db-network'), down(MIN)]).state;
    expect(state.status).toBe('down');
    expect(state.message).toBe('blocked by db-network: connect ETIMEDOUT 10.0.0.5:5432 during connect');
  });

  it('says the alert was held back by the upstream when it is finally sent', () => {
    const [event] = run([upstream(0, 'db-network'), down(MIN), upstream(5 * MIN)]).events;
    expect(event).toMatchObject({
      blockedBy: ['db-network'],
      since: MIN,
      message: 'connect ETIMEDOUT 10.0.0.5:5432 during connect (held while db-network was down)',
    });
  });

  it('drops the blocked prefix when the upstream recovers', () => {
    expect(run([upstream(0, 'db-network'), down(MIN), upstream(2 * MIN)]).state.message).toBe('connect ETIMEDOUT 10.0.0.5:5432 during connect');
  });
});

describe('an outage that resumes before its recovery was told', () => {
  it('continues the episode the channels know about instead of announcing a recovery and a new outage', () => {
    const { events, state } = run([down(0), maintenance(MIN, true), up(20 * MIN), down(30 * MIN), maintenance(60 * MIN, false)]);
    // Not acknowledged and still down after the window: the held escalation and reminder go out.
    expect(summary(events)).toEqual(['monitor.down#0 → slack', 'monitor.down#1 → pager', 'monitor.reminder → slack']);
    expect(state).toMatchObject({ episode: 1, status: 'down', told: { episode: 1, recoveredAt: null } });
  });
});

import { describe, expect, it } from 'vitest';
import { initialState, type AlertState } from '../core/alert/index.js';
import { decideAck, decodeOutcome, encodeOutcome, type AckCode } from './acknowledge.js';

const down: AlertState = { ...initialState(), status: 'down', episode: 3 };
const target = (state: AlertState) => ({ id: 'web', name: 'Update center', state });

describe('decideAck', () => {
  it.each<[string, ReturnType<typeof target> | undefined, number | null, AckCode, string]>([
    ['an open problem', target(down), 3, 'acknowledged', 'Update center acknowledged by ana: escalation and reminders stop until it recovers'],
    [
      'an open problem, from the CLI without an episode',
      target(down),
      null,
      'acknowledged',
      'Update center acknowledged by ana: escalation and reminders stop until it recovers',
    ],
    [
      'a degraded monitor',
      target({ ...down, status: 'degraded' }),
      3,
      'acknowledged',
      'Update center acknowledged by ana: escalation and reminders stop until it recovers',
    ],
    ['a monitor that is up', target({ ...initialState(), status: 'up' }), null, 'up', 'Update center is up: there is nothing to acknowledge'],
    ['a monitor never confirmed', target(initialState()), null, 'up', 'Update center is pending: there is nothing to acknowledge'],
    ['a problem acknowledged already', target({ ...down, acknowledged: { by: 'bob', at: 1 } }), 3, 'already', 'Update center was already acknowledged by bob'],
    [
      'a link from an earlier outage',
      target(down),
      2,
      'stale',
      'this link was sent about an earlier outage of Update center, which is over; Update center is down again: use the link in the latest notification, or run `tocsin ack web`',
    ],
    ['a monitor not checked', undefined, null, 'unknown', 'no monitor "web" is being checked'],
  ])('answers %s', (_title, t, episode, code, message) => {
    expect(decideAck(t, { monitorId: 'web', by: 'ana', episode })).toEqual({ code, message });
  });
});

describe('outcome encoding', () => {
  it('round-trips an outcome and shows foreign text as it is', () => {
    const outcome = { code: 'already' as const, message: 'Update center was already acknowledged by bob' };
    expect(decodeOutcome(encodeOutcome(outcome))).toEqual(outcome);
    expect(decodeOutcome('applied by hand')).toEqual({ code: 'unknown', message: 'applied by hand' });
  });
});

import { describe, expect, it } from 'vitest';
import { initialState, type AlertEvent } from '../core/alert/index.js';
import type { Config } from '../schema/config.js';
import { outboxRows, type NotifyFacts } from './notifications.js';
import { routeChannel } from './oncall-route.js';

const NOW = Date.parse('2026-06-03T12:00:00Z');

const config: Pick<Config, 'people' | 'schedules' | 'fallback' | 'oncallOverrides'> = {
  fallback: ['ops'],
  people: { alice: { name: 'Alice Martin', channels: ['alice-mail', 'alice-sms'] }, bob: { channels: ['bob-mail'] } },
  schedules: {
    primary: {
      time_zone: 'UTC',
      handoff: '09:00',
      layers: [{ name: 'daily', rotation: 'daily', start: '2026-06-01', members: ['alice', 'bob'] }],
      overrides: [],
    },
  },
  oncallOverrides: [{ schedule: 'primary', person: 'bob', start: NOW + 3_600_000, end: NOW + 7_200_000, id: 'o1' }],
};

describe('routing a page to whoever is on call', () => {
  it('passes a plain channel through, and gives the on-call person’s channels for oncall:<schedule>', () => {
    expect(routeChannel('hook', config, NOW)).toEqual([{ channel: 'hook' }]);
    const onCall = { schedule: 'primary', person: 'alice', name: 'Alice Martin' };
    expect(routeChannel('oncall:primary', config, NOW)).toEqual([
      { channel: 'alice-mail', onCall },
      { channel: 'alice-sms', onCall },
    ]);
  });

  it('follows an override made through the API, and names a person without a name by id', () => {
    expect(routeChannel('oncall:primary', config, NOW + 3_600_000)).toEqual([
      { channel: 'bob-mail', onCall: { schedule: 'primary', person: 'bob', name: 'bob' } },
    ]);
  });

  it('sends to the fallback channels, saying so, when nobody is on call or the schedule is gone', () => {
    const nobody = { schedule: 'primary', person: null, name: 'nobody' };
    expect(routeChannel('oncall:primary', config, Date.parse('2026-05-01T00:00:00Z'))).toEqual([{ channel: 'ops', onCall: nobody }]);
    expect(routeChannel('oncall:gone', config, NOW)).toEqual([{ channel: 'ops', onCall: { ...nobody, schedule: 'gone' } }]);
  });

  it('makes one notification per channel, naming the person, when a step also names their channel', () => {
    const event: AlertEvent = {
      type: 'monitor.down',
      channels: ['alice-mail', 'oncall:primary'],
      episode: 1,
      step: 0,
      dedupKey: '1:monitor.down:0',
      message: 'HTTP 503',
      since: NOW,
      previous: 'up',
    };
    const facts: NotifyFacts = {
      monitor: { id: 'web', name: 'Web', type: 'http', target: 'GET http://web/' },
      state: { ...initialState(), status: 'down', since: NOW, episode: 1 },
      now: NOW,
      dependants: [],
      route: (channel) => routeChannel(channel, config, NOW),
    };
    let n = 0;
    const rows = outboxRows(event, facts, () => `id-${++n}`);
    expect(rows.map((r) => [r.channel, r.notification.message, r.notification.on_call?.person])).toEqual([
      ['alice-mail', 'HTTP 503 (paging Alice Martin, on call in primary)', 'alice'],
      ['alice-sms', 'HTTP 503 (paging Alice Martin, on call in primary)', 'alice'],
    ]);
  });
});

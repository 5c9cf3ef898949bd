/** The monitor pickers and the silence dialog's arithmetic, as pure functions. */
import { describe, expect, it } from 'vitest';
import { dependencyRefusal, pickOptions } from '../../web/src/pick.js';
import { openSilences, silenceLength } from '../../web/src/silence.js';

const monitors = [
  { id: 'db', name: 'Core database', group: 'data' },
  { id: 'cache', name: 'Cache', group: 'data' },
  { id: 'web', name: 'Web front', group: 'edge' },
  { id: 'api', name: 'Public API', group: 'edge' },
];

describe('picking monitors', () => {
  it('finds monitors by any word of name, id or group, leaving out those chosen', () => {
    expect(pickOptions(monitors, [], 'data', false).map((o) => o.key)).toEqual(['db', 'cache']);
    expect(pickOptions(monitors, ['db'], 'core', false)).toEqual([]);
    expect(pickOptions(monitors, [], 'public api', false).map((o) => o.key)).toEqual(['api']);
  });

  it('offers a whole group at once, only the members not chosen yet', () => {
    const [group] = pickOptions(monitors, ['web'], 'edge', true);
    expect(group).toMatchObject({ key: 'group:edge', ids: ['api'], detail: '1 more' });
  });

  it('refuses the monitor itself and any that already waits on it, directly or through others', () => {
    const graph = new Map([
      ['web', ['api']],
      ['api', ['db']],
      ['cache', []],
    ]);
    expect(dependencyRefusal('db', 'db', graph)).toBe('this monitor itself');
    expect(dependencyRefusal('db', 'api', graph)).toMatch(/depends on db/);
    expect(dependencyRefusal('db', 'web', graph)).toBe('it depends on db (web → api → db), a loop');
    expect(dependencyRefusal('db', 'cache', graph)).toBeUndefined();
    expect(dependencyRefusal(undefined, 'web', graph)).toBeUndefined();
    const refusing = pickOptions(monitors, [], 'edge', true, (id) => dependencyRefusal('db', id, graph));
    expect(refusing.map((o) => [o.key, !!o.refused])).toEqual([
      ['web', true],
      ['api', true],
    ]);
  });
});

describe('the silence dialog', () => {
  const now = Date.parse('2026-12-05T12:00:00Z');
  it('turns a preset, an end time or a typed duration into the API duration', () => {
    expect(silenceLength('4h', '', '', now)).toEqual({ for: '4h' });
    expect(silenceLength('custom', '', ' 90m ', now)).toEqual({ for: '90m' });
    expect(silenceLength('custom', '', '', now).problem).toMatch(/how long/);
    const until = new Date(now + 3 * 3_600_000);
    const local = new Date(until.getTime() - until.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
    expect(silenceLength('until', local, '', now)).toEqual({ for: '10800s' });
    expect(silenceLength('until', '', '', now).problem).toMatch(/date and time/);
    expect(silenceLength('until', new Date(now - 2 * 86_400_000).toISOString().slice(0, 16), '', now).problem).toBeDefined();
  });

  it('ends only the API silences open on that monitor', () => {
    const w = (id: string, extra: object) => ({
      id,
      name: id,
      start: 0,
      duration: 1,
      monitors: ['web'],
      silence: true,
      source: 'api',
      open_now: { until: 1 },
      ...extra,
    });
    const windows = [w('a', {}), w('b', { source: 'config' }), w('c', { open_now: null }), w('d', { silence: false }), w('e', { monitors: ['db'] })];
    expect(openSilences(windows, 'web').map((x) => x.id)).toEqual(['a']);
  });
});

import { describe, expect, it } from 'vitest';
import { nextHandoff, onCallAt, shiftsBetween } from './rota.js';
import type { Rota } from './types.js';
import { dayOf } from './zone.js';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

const weekly: Rota = {
  name: 'primary',
  timeZone: 'Europe/London',
  // Monday 5 January 2026, 09:00 London.
  layers: [{ name: 'week', members: ['alice', 'bob'], start: dayOf(2026, 1, 5), handoff: 9 * 60, days: 7 }],
  overrides: [],
};

describe('who is on call', () => {
  it('rotates weekly at the local hand-off time, through a change of the clocks', () => {
    expect(onCallAt(weekly, at('2026-01-05T08:59:59Z'))).toBeUndefined();
    expect(onCallAt(weekly, at('2026-01-05T09:00:00Z'))?.person).toBe('alice');
    expect(onCallAt(weekly, at('2026-01-12T09:00:00Z'))?.person).toBe('bob');
    // 30 March 2026 is in BST: 09:00 London is 08:00Z.
    const shifts = shiftsBetween(weekly, at('2026-03-23T00:00:00Z'), at('2026-04-07T00:00:00Z'));
    expect(shifts.map((s) => [s.person, iso(s.start)])).toEqual([
      ['alice', '2026-03-23T00:00:00.000Z'],
      ['bob', '2026-03-23T09:00:00.000Z'],
      ['alice', '2026-03-30T08:00:00.000Z'],
      ['bob', '2026-04-06T08:00:00.000Z'],
    ]);
  });

  it('lets a later layer win for its hours: a weekend layer over a weekly one', () => {
    const rota: Rota = {
      ...weekly,
      layers: [
        ...weekly.layers,
        { name: 'weekend', members: ['carol'], start: dayOf(2026, 1, 3), handoff: 0, days: 7, active: [{ days: [6, 0], from: 0, to: 1440 }] },
      ],
    };
    expect(onCallAt(rota, at('2026-01-09T23:59:00Z'))?.person).toBe('alice');
    expect(onCallAt(rota, at('2026-01-10T00:00:00Z'))).toMatchObject({ person: 'carol', source: 'weekend' });
    expect(onCallAt(rota, at('2026-01-11T23:59:00Z'))?.person).toBe('carol');
    expect(onCallAt(rota, at('2026-01-12T00:00:00Z'))?.person).toBe('alice');
    expect(onCallAt(rota, at('2026-01-12T09:00:00Z'))?.person).toBe('bob');
  });

  it('lets an override win over every layer, then gives the shift back', () => {
    const rota: Rota = { ...weekly, overrides: [{ start: at('2026-01-06T12:00:00Z'), end: at('2026-01-07T12:00:00Z'), person: 'dave', reason: 'swap' }] };
    const shifts = shiftsBetween(rota, at('2026-01-06T00:00:00Z'), at('2026-01-08T00:00:00Z'));
    expect(shifts.map((s) => [s.person, s.source, iso(s.start), iso(s.end)])).toEqual([
      ['alice', 'week', '2026-01-06T00:00:00.000Z', '2026-01-06T12:00:00.000Z'],
      ['dave', 'override', '2026-01-06T12:00:00.000Z', '2026-01-07T12:00:00.000Z'],
      ['alice', 'week', '2026-01-07T12:00:00.000Z', '2026-01-08T00:00:00.000Z'],
    ]);
  });

  it('names the next hand-off: who hands over to whom, and when cover starts or stops', () => {
    expect(nextHandoff(weekly, at('2026-01-06T00:00:00Z'))).toMatchObject({ at: at('2026-01-12T09:00:00Z'), from: { person: 'alice' }, to: { person: 'bob' } });
    const before = nextHandoff(weekly, at('2026-01-01T00:00:00Z'));
    expect(before?.at).toBe(at('2026-01-05T09:00:00Z'));
    expect(before?.from).toBeUndefined();
    const lone: Rota = { ...weekly, layers: [], overrides: [{ start: at('2026-02-01T00:00:00Z'), end: at('2026-02-02T00:00:00Z'), person: 'dave' }] };
    expect(nextHandoff(lone, at('2026-02-01T06:00:00Z'))).toMatchObject({ at: at('2026-02-02T00:00:00Z'), from: { person: 'dave' } });
    expect(nextHandoff(lone, at('2026-02-03T00:00:00Z'))).toBeUndefined();
  });

  it('is no hand-off when one person keeps the pager from one shift to the next', () => {
    const solo: Rota = { ...weekly, layers: [{ ...weekly.layers[0]!, members: ['alice'], days: 1 }] };
    expect(shiftsBetween(solo, at('2026-01-06T00:00:00Z'), at('2026-01-09T00:00:00Z'))).toHaveLength(1);
    expect(nextHandoff(solo, at('2026-01-06T00:00:00Z'))).toBeUndefined();
  });
});

/**
 * Properties of the rotation math across daylight-saving changes in six zones: London and New York
 * (an hour at 01:00/02:00), Sydney (southern hemisphere), Kolkata (none, +05:30), São Paulo (changes
 * at midnight until 2019, so local midnight was skipped or repeated) and Chatham (+12:45/+13:45,
 * changing at 02:45). Ranges start near a real change of the clocks.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nextHandoff, onCallAt, shiftsBetween } from './rota.js';
import type { Layer, Override, Rota, Shift } from './types.js';
import { dayOf, instantOf, offsetAt, wallOf, weekdayOf } from './zone.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const MINUTE = 60_000;
const ZONES = ['Europe/London', 'America/New_York', 'Australia/Sydney', 'Asia/Kolkata', 'America/Sao_Paulo', 'Pacific/Chatham'];

/** Local days on which each zone's offset changed, 2016–2019 (Kolkata has none: any day will do). */
const changes = new Map(
  ZONES.map((zone) => {
    const days: number[] = [];
    for (let day = dayOf(2016, 1, 1); day < dayOf(2020, 1, 1); day++) {
      if (offsetAt(zone, day * DAY) !== offsetAt(zone, (day + 1) * DAY)) days.push(day);
    }
    return [zone, days.length > 0 ? days : [dayOf(2017, 3, 26), dayOf(2018, 10, 28)]];
  }),
);

// Hand-off times that fall into some zone's skipped or repeated hour, and any minute of the day.
const handoffArb = fc.oneof(fc.constantFrom(0, 30, 60, 90, 120, 150, 165, 180, 23 * 60 + 30), fc.integer({ min: 0, max: 1439 }));

interface Case {
  zone: string;
  layer: Layer;
  from: number;
  to: number;
}

const caseArb: fc.Arbitrary<Case> = fc
  .record({
    zone: fc.constantFrom(...ZONES),
    pick: fc.nat(),
    lead: fc.integer({ min: 0, max: 20 }),
    span: fc.integer({ min: 1, max: 40 }),
    handoff: handoffArb,
    days: fc.oneof(fc.constantFrom(1, 7), fc.integer({ min: 1, max: 14 })),
    members: fc.uniqueArray(fc.constantFrom('ana', 'ben', 'chen', 'dev', 'eli'), { minLength: 2, maxLength: 5 }),
    startBack: fc.integer({ min: 1, max: 60 }),
    offsetMinutes: fc.integer({ min: 0, max: 1439 }),
  })
  .map(({ zone, pick, lead, span, handoff, days, members, startBack, offsetMinutes }) => {
    const list = changes.get(zone)!;
    const change = list[pick % list.length]!;
    const from = instantOf(zone, change - lead, 0) + offsetMinutes * MINUTE;
    return { zone, layer: { name: 'base', members, start: change - lead - startBack, handoff, days }, from, to: from + span * DAY };
  });

const rotaOf = (c: Case, extra: Partial<Rota> = {}): Rota => ({ name: 'r', timeZone: c.zone, layers: [c.layer], overrides: [], ...extra });

/** Who the wall clock says, far from any hand-off: shift k covers local dates start + k·days from the hand-off time on. */
function byWallClock(layer: Layer, zone: string, at: number): string {
  const wall = wallOf(zone, at);
  const sinceStart = wall.day - layer.start;
  let k = Math.floor(sinceStart / layer.days);
  if (sinceStart % layer.days === 0 && wall.ms < layer.handoff * MINUTE) k--;
  return layer.members[k % layer.members.length]!;
}

function handoffs(shifts: Shift[]): number[] {
  return shifts.slice(1).map((s) => s.start);
}

function samples(from: number, to: number, count: number, seed: number): number[] {
  return Array.from({ length: count }, (_, i) => from + Math.floor(((i + (seed % 997) / 997) / count) * (to - from)));
}

describe('rotation math across changes of the clocks', () => {
  it('covers a range with no gap and no double cover: each shift ends exactly where the next starts', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const shifts = shiftsBetween(rotaOf(c), c.from, c.to);
        expect(shifts[0]!.start).toBe(c.from);
        expect(shifts[shifts.length - 1]!.end).toBe(c.to);
        for (let i = 1; i < shifts.length; i++) {
          expect(shifts[i]!.start).toBe(shifts[i - 1]!.end);
          expect(shifts[i]!.person).not.toBe(shifts[i - 1]!.person);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('hands off at the stated wall time; a skipped time at the jump, a repeated time at its first occurrence', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        for (const t of handoffs(shiftsBetween(rotaOf(c), c.from, c.to))) {
          const wall = wallOf(c.zone, t);
          const stated = c.layer.handoff * MINUTE;
          if (wall.ms === stated) {
            // The first occurrence: the clock never showed this wall time in the hours before.
            // (Clocks go back by 30 minutes, an hour or two hours at most.)
            for (const back of [30 * MINUTE, HOUR, 2 * HOUR]) expect(wallOf(c.zone, t - back)).not.toEqual(wall);
          } else {
            // Skipped: the clock jumped over it at exactly this instant.
            const local = (w: { day: number; ms: number }) => w.day * DAY + w.ms;
            const before = wallOf(c.zone, t - 1000);
            expect(local(before)).toBeLessThan(wall.day * DAY + stated);
            expect(local(wall)).toBeGreaterThan(wall.day * DAY + stated);
            expect(offsetAt(c.zone, t)).toBeGreaterThan(offsetAt(c.zone, t - 1000));
          }
          expect((wall.day - c.layer.start) % c.layer.days).toBe(0);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('agrees with the wall clock away from hand-offs, and the next hand-off is the first change of person', () => {
    fc.assert(
      fc.property(caseArb, fc.nat(), (c, seed) => {
        const rota = rotaOf(c);
        const shifts = shiftsBetween(rota, c.from, c.to);
        const edges = handoffs(shifts);
        for (const t of samples(c.from, c.to, 20, seed)) {
          if (edges.some((e) => Math.abs(e - t) < 3 * HOUR)) continue;
          expect(onCallAt(rota, t)?.person).toBe(byWallClock(c.layer, c.zone, t));
        }
        const next = nextHandoff(rota, c.from);
        const firstEdge = edges[0] ?? shiftsBetween(rota, c.from, c.from + 20 * DAY)[1]?.start;
        expect(next?.at).toBe(firstEdge);
        expect(next?.from?.person).toBe(shifts[0]!.person);
      }),
      { numRuns: 200 },
    );
  });

  it('lets overrides win over the layers, and gives the time back when they end', () => {
    const overridesArb = fc.array(
      fc.record({ at: fc.double({ min: 0, max: 0.95, noNaN: true }), hours: fc.integer({ min: 1, max: 72 }), who: fc.constantFrom('zoe', 'yan') }),
      {
        maxLength: 4,
      },
    );
    fc.assert(
      fc.property(caseArb, overridesArb, fc.nat(), (c, raw, seed) => {
        // Overrides that do not overlap one another (the schema refuses overlapping ones).
        const overrides: Override[] = [];
        for (const o of raw) {
          const start = c.from + Math.floor(o.at * (c.to - c.from));
          const candidate = { start, end: start + o.hours * HOUR, person: o.who };
          if (overrides.every((x) => candidate.end <= x.start || candidate.start >= x.end)) overrides.push(candidate);
        }
        const rota = rotaOf(c, { overrides });
        const shifts = shiftsBetween(rota, c.from, c.to);
        for (let i = 1; i < shifts.length; i++) expect(shifts[i]!.start).toBe(shifts[i - 1]!.end);
        const base = shiftsBetween(rotaOf(c), c.from, c.to);
        for (const t of samples(c.from, c.to, 30, seed)) {
          const override = overrides.find((o) => o.start <= t && t < o.end);
          const expected = override ? override.person : base.find((s) => s.start <= t && t < s.end)!.person;
          expect(onCallAt(rota, t)?.person).toBe(expected);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('lets a weekend layer win over the base layer for Saturday and Sunday, local time', () => {
    fc.assert(
      fc.property(caseArb, fc.nat(), (c, seed) => {
        const weekend: Layer = { name: 'weekend', members: ['wes'], start: c.layer.start, handoff: 0, days: 7, active: [{ days: [6, 0], from: 0, to: 1440 }] };
        const rota = rotaOf(c, { layers: [c.layer, weekend] });
        const shifts = shiftsBetween(rota, c.from, c.to);
        for (let i = 1; i < shifts.length; i++) expect(shifts[i]!.start).toBe(shifts[i - 1]!.end);
        const base = shiftsBetween(rotaOf(c), c.from, c.to);
        for (const t of samples(c.from, c.to, 30, seed)) {
          const wall = wallOf(c.zone, t);
          // Near local midnight a skipped or repeated hour makes "which day" a matter of the rule, not of the clock.
          if (wall.ms < 3 * HOUR || wall.ms > 21 * HOUR) continue;
          const isWeekend = [6, 0].includes(weekdayOf(wall.day));
          expect(onCallAt(rota, t)?.person).toBe(isWeekend ? 'wes' : base.find((s) => s.start <= t && t < s.end)!.person);
        }
      }),
      { numRuns: 100 },
    );
  });
});

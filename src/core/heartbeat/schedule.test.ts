/**
 * Schedules across daylight-saving changes. Each property compares croner's answer with the
 * wall clock itself (Intl), around real 2026 transitions in zones with 1 h, 30 min and no DST.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { judgeHeartbeat, type HeartbeatPolicy } from './judge.js';
import { replayPings } from './runs.js';
import { expectedAfter, scheduleProblem, type Expectation } from './schedule.js';
import { wallClock, type WallClock } from './time.js';

const MIN = 60_000;
const H = 60 * MIN;
const D = 24 * H;

/** Instants at which the offset changes in 2026, checked below so a tzdata update cannot silently void the test. */
const TRANSITIONS: Record<string, number[]> = {
  'Europe/Berlin': [Date.parse('2026-03-29T01:00:00Z'), Date.parse('2026-10-25T01:00:00Z')],
  'America/New_York': [Date.parse('2026-03-08T07:00:00Z'), Date.parse('2026-11-01T06:00:00Z')],
  'Australia/Lord_Howe': [Date.parse('2026-04-04T15:00:00Z'), Date.parse('2026-10-03T15:30:00Z')],
  'Asia/Kolkata': [Date.parse('2026-06-01T00:00:00Z')],
  UTC: [Date.parse('2026-06-01T00:00:00Z')],
};
const ZONES = Object.keys(TRANSITIONS);

const around = fc
  .constantFrom(...ZONES)
  .chain((tz) => fc.record({ tz: fc.constant(tz), at: fc.constantFrom(...TRANSITIONS[tz]!), shift: fc.integer({ min: -3 * D, max: 2 * D }) }))
  .map(({ tz, at, shift }) => ({ tz, from: at + shift }));

const offsetMinutes = (ms: number, tz: string) => {
  const w = wallClock(ms, tz);
  return (Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(ms / 1000) * 1000) / MIN;
};
const dayNumber = (w: WallClock) => Date.UTC(w.year, w.month - 1, w.day) / D;
const minuteOfDay = (w: WallClock) => w.hour * 60 + w.minute;

function occurrences(policy: Expectation, from: number, count: number): number[] {
  const out: number[] = [];
  let t = from;
  for (let i = 0; i < count; i++) {
    t = expectedAfter(policy, t)!;
    out.push(t);
  }
  return out;
}

describe('the test transitions', () => {
  it('are real offset changes in this runtime’s time zone data', () => {
    for (const tz of ['Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe']) {
      for (const at of TRANSITIONS[tz]!) expect(offsetMinutes(at - MIN, tz)).not.toBe(offsetMinutes(at, tz));
    }
  });
});

describe('expectedAfter', () => {
  it('always moves strictly forward', () => {
    const patterns = ['0 2 * * *', '30 2 * * *', '*/15 * * * *', '0 * * * *', '45 1 * * 0'];
    fc.assert(
      fc.property(around, fc.constantFrom(...patterns), ({ tz, from }, schedule) => {
        const list = occurrences({ schedule, tz }, from, 30);
        expect(list[0]!).toBeGreaterThan(from);
        for (let i = 1; i < list.length; i++) expect(list[i]!).toBeGreaterThan(list[i - 1]!);
      }),
      { numRuns: 150 },
    );
  });

  it('expects an interval pattern at exactly the instants whose wall-clock time matches (gaps skipped, repeats twice)', () => {
    const patterns: [string, (w: WallClock) => boolean][] = [
      ['*/15 * * * *', (w) => w.minute % 15 === 0],
      ['0 * * * *', (w) => w.minute === 0],
      ['30 * * * *', (w) => w.minute === 30],
      ['*/20 1-3 * * *', (w) => w.minute % 20 === 0 && w.hour >= 1 && w.hour <= 3],
    ];
    fc.assert(
      fc.property(around, fc.constantFrom(...patterns), ({ tz, from }, [schedule, matches]) => {
        const start = Math.floor(from / MIN) * MIN;
        const end = start + 8 * H;
        const wanted: number[] = [];
        for (let t = start + MIN; t <= end; t += MIN) if (matches(wallClock(t, tz))) wanted.push(t);
        const got = occurrences({ schedule, tz }, start, wanted.length + 1);
        expect(got.slice(0, wanted.length)).toEqual(wanted);
        expect(got.at(-1)!).toBeGreaterThan(end);
      }),
      { numRuns: 60 },
    );
  });

  it('expects a fixed-time pattern once per local day: at its time, after the gap when skipped, first pass when repeated', () => {
    fc.assert(
      fc.property(around, fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 15, 30, 45), ({ tz, from }, hour, minute) => {
        const target = hour * 60 + minute;
        const list = occurrences({ schedule: `${minute} ${hour} * * *`, tz }, from, 6);
        for (let i = 0; i < list.length; i++) {
          const o = list[i]!;
          const wall = wallClock(o, tz);
          if (i > 0) expect(dayNumber(wall) - dayNumber(wallClock(list[i - 1]!, tz))).toBe(1);
          if (minuteOfDay(wall) === target) {
            // The first pass: neither 30 nor 60 minutes earlier showed the same local date and time.
            for (const back of [30 * MIN, H]) {
              const earlier = wallClock(o - back, tz);
              expect(dayNumber(earlier) === dayNumber(wall) && minuteOfDay(earlier) === target).toBe(false);
            }
          } else {
            // Only when the time does not exist that day: the run comes at the end of the gap.
            expect(minuteOfDay(wall)).toBeGreaterThan(target);
            const before = wallClock(o - MIN, tz);
            expect(minuteOfDay(before)).toBeLessThan(target);
            expect(offsetMinutes(o, tz)).toBeGreaterThan(offsetMinutes(o - MIN, tz));
          }
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('lateness on a schedule', () => {
  it('falls due exactly at the occurrence after the last ping plus grace, in absolute time', () => {
    const patterns = ['0 2 * * *', '30 2 * * *', '*/30 * * * *', '15 1 * * *'];
    fc.assert(
      fc.property(around, fc.constantFrom(...patterns), fc.constantFrom(MIN, 30 * MIN, H, 3 * H), ({ tz, from }, schedule, grace) => {
        const policy: HeartbeatPolicy = { schedule, tz, grace };
        const runs = replayPings([{ kind: 'success', at: from }]);
        const facts = { runs, since: from - D };
        const due = expectedAfter(policy, from)! + grace;
        expect(judgeHeartbeat(policy, facts, due).state).toBe('up');
        const late = judgeHeartbeat(policy, facts, due + 1);
        expect(late.state).toBe('late');
        expect(late.message).toContain(new Date(due - grace).toISOString().replace('.000Z', 'Z'));
      }),
      { numRuns: 150 },
    );
  });

  it('falls due at last ping + period + grace for a period', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 41 }), fc.integer({ min: 1000, max: 7 * D }), fc.integer({ min: 0, max: D }), (at, period, grace) => {
        const policy: HeartbeatPolicy = { period, tz: 'UTC', grace };
        const facts = { runs: replayPings([{ kind: 'success', at }]), since: at };
        expect(judgeHeartbeat(policy, facts, at + period + grace).state).toBe('up');
        expect(judgeHeartbeat(policy, facts, at + period + grace + 1).state).toBe('late');
      }),
    );
  });
});

describe('scheduleProblem', () => {
  it('accepts five- and six-field patterns in known zones', () => {
    expect(scheduleProblem('0 2 * * *', 'Europe/Berlin')).toBeUndefined();
    expect(scheduleProblem('30 0 2 * * *', 'UTC')).toBeUndefined();
  });

  it('explains a pattern or a zone it cannot use', () => {
    expect(scheduleProblem('every night', 'UTC')).toMatch(/5-field cron expression .*; got 2 fields/);
    expect(scheduleProblem('0 2 * * *', 'Mars/Olympus')).toMatch(/Mars\/Olympus/);
  });
});

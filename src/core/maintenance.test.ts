import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cronOf } from './heartbeat/schedule.js';
import { maintenanceAt, openWindow, upcomingWindows, windowProblem } from './maintenance.js';

const H = 3_600_000;
const at = (iso: string) => Date.parse(iso);

const oneOff = { name: 'Database upgrade', start: at('2026-12-05T02:00:00Z'), duration: 2 * H, tz: 'UTC', monitors: ['db', 'db-net'] };
/** Sundays 02:00 Paris time, one hour, from January 2026. */
const weekly = { name: 'Weekly patching', start: at('2026-01-01T00:00:00Z'), duration: H, schedule: '0 2 * * 0', tz: 'Europe/Paris', monitors: ['web'] };
/** Every day at 02:30 Berlin time, 30 minutes: 02:30 does not exist on 2026-03-29. */
const nightly = { name: 'Nightly', start: at('2026-01-01T00:00:00Z'), duration: H / 2, schedule: '30 2 * * *', tz: 'Europe/Berlin', monitors: ['batch'] };

describe('openWindow', () => {
  it.each([
    ['before a one-off window opens', oneOff, '2026-12-05T01:59:59.999Z', undefined],
    ['at the instant a one-off window opens', oneOff, '2026-12-05T02:00:00Z', '2026-12-05T04:00:00.000Z'],
    ['inside a one-off window', oneOff, '2026-12-05T03:59:59Z', '2026-12-05T04:00:00.000Z'],
    ['at the instant a one-off window ends', oneOff, '2026-12-05T04:00:00Z', undefined],
    ['on a Sunday at 02:30 Paris time in winter (01:30 UTC)', weekly, '2026-02-01T01:30:00Z', '2026-02-01T02:00:00.000Z'],
    ['on a Sunday at 02:30 Paris time in summer (00:30 UTC)', weekly, '2026-07-05T00:30:00Z', '2026-07-05T01:00:00.000Z'],
    ['on a Monday at the same hour', weekly, '2026-07-06T00:30:00Z', undefined],
    ["before the recurring window's start date", { ...weekly, start: at('2026-08-01T00:00:00Z') }, '2026-07-05T00:30:00Z', undefined],
  ] as const)('%s', (_title, window, now, end) => {
    const open = openWindow(window, at(now));
    expect(open === undefined ? undefined : new Date(open.end).toISOString()).toBe(end);
  });

  it('opens a window whose wall-clock time does not exist at the first instant after the spring-forward gap', () => {
    // 2026-03-29, Berlin: 02:00 CET jumps to 03:00 CEST (01:00 UTC). 02:30 never happens; 03:00 local is 01:00 UTC.
    expect(openWindow(nightly, at('2026-03-29T00:59:59Z'))).toBeUndefined();
    expect(openWindow(nightly, at('2026-03-29T01:00:00Z'))).toMatchObject({ start: at('2026-03-29T01:00:00Z'), end: at('2026-03-29T01:30:00Z') });
    // The next night is back to 02:30 local, now 00:30 UTC.
    expect(openWindow(nightly, at('2026-03-30T00:45:00Z'))).toMatchObject({ start: at('2026-03-30T00:30:00Z') });
  });

  it('opens a window whose wall-clock time happens twice at fall-back only once, for its real duration', () => {
    // 2026-10-25, Berlin: 03:00 CEST goes back to 02:00 CET. 02:30 CEST is 00:30 UTC; 02:30 CET (01:30 UTC) does not open again.
    expect(openWindow(nightly, at('2026-10-25T00:40:00Z'))).toMatchObject({ start: at('2026-10-25T00:30:00Z'), end: at('2026-10-25T01:00:00Z') });
    expect(openWindow(nightly, at('2026-10-25T01:40:00Z'))).toBeUndefined();
  });

  it('keeps a two-hour window two real hours long when the clocks go back inside it', () => {
    const window = { ...weekly, schedule: '0 2 * * *', tz: 'Europe/Berlin', duration: 2 * H, start: at('2026-10-01T00:00:00Z') };
    // 02:00 CEST on 2026-10-25 is 00:00 UTC; two real hours later is 02:00 UTC (03:00 CET).
    expect(openWindow(window, at('2026-10-25T01:59:00Z'))?.end).toBe(at('2026-10-25T02:00:00Z'));
    expect(openWindow(window, at('2026-10-25T02:00:00Z'))).toBeUndefined();
  });

  it('agrees with walking the schedule forward from its start, at any instant', () => {
    const windows = [weekly, nightly, { ...nightly, schedule: '*/20 * * * *', duration: 50 * 60_000, tz: 'America/New_York' }];
    fc.assert(
      fc.property(fc.constantFrom(...windows), fc.integer({ min: at('2026-01-01T00:00:00Z'), max: at('2026-12-31T00:00:00Z') }), (window, now) => {
        const cron = cronOf(window.schedule, window.tz);
        let latest: number | undefined;
        for (let run = cron.nextRun(new Date(now - window.duration - 1)); run && run.getTime() <= now; run = cron.nextRun(run)) latest = run.getTime();
        const expected = latest === undefined || now >= latest + window.duration ? undefined : latest;
        expect(openWindow(window, now)?.start).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });
});

describe('maintenanceAt', () => {
  it('names every monitor of every open window, keeping the later end when windows overlap', () => {
    const longer = { ...oneOff, name: 'Longer', duration: 3 * H, monitors: ['db-net', 'cache'] };
    const held = maintenanceAt([oneOff, longer, weekly], at('2026-12-05T02:30:00Z')).held;
    expect([...held.keys()].sort()).toEqual(['cache', 'db', 'db-net']);
    expect(held.get('db')?.end).toBe(at('2026-12-05T04:00:00Z'));
    expect(held.get('db-net')).toMatchObject({ name: 'Longer', end: at('2026-12-05T05:00:00Z') });
  });

  it('sets aside a window that cannot be evaluated, names it, and still holds the monitors of the others', () => {
    // Stored before 7-field schedules were refused: the evaluator throws on it.
    const quartz = { ...weekly, name: 'Quartz', schedule: '0 0 3 * * ? *', monitors: ['web', 'db'] };
    const { held, broken } = maintenanceAt([quartz, oneOff], at('2026-12-05T02:30:00Z'));
    expect([...held.keys()].sort()).toEqual(['db', 'db-net']);
    expect(broken).toEqual([{ name: 'Quartz', problem: expect.stringMatching(/got 7 fields$/) }]);
  });

  it('holds nothing when no window is open', () => {
    expect(maintenanceAt([oneOff, weekly], at('2026-12-07T12:00:00Z')).held.size).toBe(0);
  });
});

describe('windowProblem', () => {
  it('is undefined for a window the evaluators can use and names the problem of one they cannot', () => {
    expect(windowProblem(weekly, at('2026-12-05T02:30:00Z'))).toBeUndefined();
    expect(windowProblem(oneOff, at('2026-12-05T02:30:00Z'))).toBeUndefined();
    expect(windowProblem({ ...weekly, tz: 'Mars/Olympus' }, at('2026-12-05T02:30:00Z'))).toMatch(/Mars\/Olympus/);
  });
});

describe('upcomingWindows', () => {
  it('leaves out a window that cannot be evaluated and lists the others', () => {
    const quartz = { ...weekly, name: 'Quartz', schedule: '0 0 3 * * ? *' };
    const list = upcomingWindows([quartz, oneOff], at('2026-11-25T00:00:00Z'), at('2026-12-08T00:00:00Z'));
    expect(list.map((w) => w.name)).toEqual(['Database upgrade']);
  });

  it('lists the next occurrences of recurring and one-off windows, soonest first', () => {
    const list = upcomingWindows([oneOff, weekly], at('2026-11-25T00:00:00Z'), at('2026-12-08T00:00:00Z'));
    expect(list.map((w) => [w.name, new Date(w.start).toISOString()])).toEqual([
      ['Weekly patching', '2026-11-29T01:00:00.000Z'],
      ['Database upgrade', '2026-12-05T02:00:00.000Z'],
      ['Weekly patching', '2026-12-06T01:00:00.000Z'],
    ]);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { heartbeatSettings } from '../checks/heartbeat/schema.js';
import { maintenanceSchema } from '../schema/maintenance.js';
import { cronOf, parseSchedule, scheduleProblem } from './cron.js';
import { expectedAfter } from './heartbeat/schedule.js';
import { openWindow, upcomingWindows } from './maintenance.js';

const at = (iso: string) => Date.parse(iso);
/** Thursday 1 January 2026, 00:00 UTC. */
const FROM = at('2026-01-01T00:00:00Z');
const next = (schedule: string, tz = 'UTC') => new Date(cronOf(schedule, tz).nextRun(new Date(FROM))!.getTime()).toISOString();

describe('the schedules tocsin accepts', () => {
  it.each([
    ['five fields', '30 2 * * *', '2026-01-01T02:30:00.000Z'],
    ['six fields, seconds first', '15 30 2 * * *', '2026-01-01T02:30:15.000Z'],
    ['a list and a range', '0 9,17 * * 1-5', '2026-01-01T09:00:00.000Z'],
    ['steps over all values and over a range', '*/20 0-1/1 * * *', '2026-01-01T00:20:00.000Z'],
    ['day names, any case', '0 3 * * sun', '2026-01-04T03:00:00.000Z'],
    ['Sunday as 7', '0 3 * * 7', '2026-01-04T03:00:00.000Z'],
    ['month names', '0 3 1 FEB *', '2026-02-01T03:00:00.000Z'],
    ['the last day of the month (L)', '0 3 L * *', '2026-01-31T03:00:00.000Z'],
    ['the last Friday of the month (5L)', '0 3 * * 5L', '2026-01-30T03:00:00.000Z'],
    ['the second Friday (5#2)', '0 3 * * 5#2', '2026-01-09T03:00:00.000Z'],
    ['the weekday nearest the 17th (17W; the 17th is a Saturday)', '0 3 17W * *', '2026-01-16T03:00:00.000Z'],
    ['a day of the month or a weekday, as Vixie cron reads both', '0 3 15 * MON', '2026-01-05T03:00:00.000Z'],
    ['@hourly', '@hourly', '2026-01-01T01:00:00.000Z'],
    ['@daily', '@daily', '2026-01-02T00:00:00.000Z'],
    ['@midnight', '@midnight', '2026-01-02T00:00:00.000Z'],
    ['@weekly (Sundays)', '@weekly', '2026-01-04T00:00:00.000Z'],
    ['@monthly', '@monthly', '2026-02-01T00:00:00.000Z'],
    ['@yearly', '@yearly', '2027-01-01T00:00:00.000Z'],
    ['@annually', '@ANNUALLY', '2027-01-01T00:00:00.000Z'],
    ['surrounding and repeated spaces', '  0   3 * *  *  ', '2026-01-01T03:00:00.000Z'],
  ])('%s: "%s" first occurs at %s', (_title, schedule, expected) => {
    expect(scheduleProblem(schedule, 'UTC')).toBeUndefined();
    expect(next(schedule)).toBe(expected);
    // The two evaluators read it the same way.
    expect(expectedAfter({ schedule, tz: 'UTC' }, FROM)).toBe(at(expected));
    const window = { name: 'w', start: FROM, duration: 60_000, schedule, tz: 'UTC', monitors: ['m'] };
    expect(openWindow(window, at(expected))?.start).toBe(at(expected));
    expect(upcomingWindows([window], FROM + 1, at(expected) + 1)[0]?.start).toBe(at(expected));
  });

  it('reads the schedule in its time zone', () => {
    expect(next('0 3 * * *', 'Europe/Paris')).toBe('2026-01-01T02:00:00.000Z');
  });
});

describe('the schedules tocsin refuses', () => {
  it.each([
    [
      'seven fields (Quartz, with a year)',
      '0 0 3 * * ? *',
      /^expected a 5-field cron expression \(minute hour day month weekday\) or 6 with seconds; got 7 fields$/,
    ],
    ['four fields', '0 3 * *', /; got 4 fields$/],
    ['words', 'every night', /; got 2 fields$/],
    ['an empty string', '   ', /; got an empty string$/],
    ["Quartz's ?", '0 0 3 ? * MON', /got "\?" in field 4: write \*/],
    ["croner's + (day AND weekday)", '0 3 1 * +MON', /field 5 \("\+MON"\) may hold only/],
    ['a date instead of a pattern', '2026-12-05T02:00:00Z', /got 1 field$/],
    ['@reboot', '@reboot', /or one of @yearly, .*; got @reboot$/],
    ['a minute out of range', '60 * * * *', /; invalid value for minute: 60$/],
    ['a step of 0', '*/0 * * * *', /illegal stepping: 0$/],
    ['a day that never comes', '0 0 30 2 *', /^expected a schedule that occurs; "0 0 30 2 \*" never does$/],
    ['a very long pattern', `0 ${'1,'.repeat(150)}2 * * *`, /more than 200$/],
  ])('%s', (_title, schedule, message) => {
    const problem = scheduleProblem(schedule, 'UTC');
    expect(problem).toMatch(message);
    expect(() => cronOf(schedule, 'UTC')).toThrow(problem);
  });

  it('refuses an unknown time zone by name', () => {
    expect(scheduleProblem('0 3 * * *', 'Mars/Olympus')).toBe('expected an IANA time zone such as UTC or Europe/Paris, got "Mars/Olympus"');
  });

  it('gives the same message from the maintenance schema, with the path', () => {
    const parsed = maintenanceSchema.safeParse({ name: 'n', start: '2026-01-01T00:00:00Z', duration: '1h', schedule: '0 0 3 * * ? *', monitors: ['m'] });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues).toEqual([expect.objectContaining({ path: ['schedule'], message: expect.stringMatching(/got 7 fields$/) })]);
  });

  it('gives the same message from the heartbeat schema, with the path', () => {
    const parsed = heartbeatSettings.safeParse({ schedule: '0 0 3 * * ? *', tz: 'UTC' });
    expect(parsed.error?.issues).toEqual([
      expect.objectContaining({ path: ['schedule'], message: expect.stringMatching(/^expected a 5-field .* got 7 fields$/) }),
    ]);
  });
});

describe('what validates, evaluates', () => {
  const token = fc.constantFrom('*', '0', '7', '15', '31', '60', '*/5', '1-5', '5-1', '1,3', 'L', '5L', '5#2', '15W', 'MON', 'jan', '?', '+1', '*/0', '2026');
  const pattern = fc.oneof(
    fc.array(token, { minLength: 4, maxLength: 7 }).map((fields) => fields.join(' ')),
    fc.constantFrom('@daily', '@reboot', '@every', ''),
  );

  it('evaluates every schedule the parser accepts, in every evaluator, without throwing', () => {
    fc.assert(
      fc.property(pattern, fc.constantFrom('UTC', 'Europe/Berlin', 'Australia/Lord_Howe'), fc.integer({ min: 0, max: 4e12 }), (schedule, tz, now) => {
        if (!parseSchedule(schedule, tz).ok) return;
        const window = { name: 'w', start: 0, duration: 60_000, schedule, tz, monitors: ['m'] };
        openWindow(window, now);
        upcomingWindows([window], now, now + 7 * 86_400_000);
        expectedAfter({ schedule, tz }, now);
      }),
      { numRuns: 300 },
    );
  });
});

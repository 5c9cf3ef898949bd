/**
 * Who is on call: `people` (each with their own channels) and `schedules` (layers of rotations in a
 * time zone, overrides for holidays and swaps). The rotation math reads the model `rotaOf` builds.
 */
import { z } from 'zod';
import type { ActiveHours, Override, Rota } from '../core/oncall/types.js';
import { isTimeZone, parseClock, parseDay } from '../core/oncall/zone.js';
import { checkRefs, list, record, text, type Report } from './draft.js';
import { id } from './primitives.js';
import { didYouMean } from './suggest.js';

const DAY = 86_400_000;
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
/** Overrides stretch over holidays, not seasons: a longer one is more likely a typo in the year. */
export const MAX_OVERRIDE_DAYS = 92;

const wallTime = (allowEnd = false) =>
  z
    .string()
    .refine((s) => parseClock(s, allowEnd) !== undefined, `expected a local time HH:MM such as 09:00${allowEnd ? ' (or 24:00)' : ''}`)
    .meta({ pattern: '^\\d{2}:\\d{2}$' });

export const timeZone = () =>
  z.string().refine(isTimeZone, 'expected an IANA time zone such as Europe/London, America/New_York or UTC').meta({ description: 'IANA time zone' });

export const instant = () =>
  z.iso.datetime({ offset: true, error: 'expected an ISO 8601 date-time with a zone, such as 2026-12-24T18:00:00Z' }).transform((s) => Date.parse(s));

const personSchema = z.strictObject({
  name: z.string().min(1).max(200).optional().meta({ description: 'How notifications and the dashboard name this person (the id when unset)' }),
  channels: z
    .array(id())
    .min(1)
    .max(20)
    .meta({ description: "This person's own channels (ids from `channels:`: their email, SMS or voice, chat), all paged when they are on call" }),
});

const activeHoursSchema = z.strictObject({
  days: z
    .array(z.enum(WEEKDAYS))
    .min(1)
    .default([...WEEKDAYS])
    .meta({ description: 'Weekdays each window starts on: sun, mon, tue, wed, thu, fri, sat (every day when unset)' }),
  from: wallTime().default('00:00').meta({ description: 'Local time the window starts' }),
  to: wallTime(true).default('24:00').meta({ description: 'Local time it ends; at or before `from` means the next day' }),
});

const rotation = z
  .string()
  .refine((s) => rotationDays(s) !== undefined, 'expected daily, weekly, or a whole number of days or weeks such as 3d or 2w (at most 52w)')
  .meta({ description: 'Shift length: daily, weekly, or custom such as 3d or 2w' });

const layerSchema = z.strictObject({
  name: id().meta({ description: 'Named in shifts and notifications' }),
  rotation,
  members: z.array(id()).min(1).max(100).meta({ description: 'People (ids from `people:`) in the order they take shifts' }),
  start: z
    .string()
    .refine((s) => parseDay(s) !== undefined, 'expected a date YYYY-MM-DD such as 2026-01-05')
    .meta({ description: "Local date the first member's first shift starts, at the hand-off time" }),
  handoff: wallTime().optional().meta({ description: "Local time shifts change hands (the schedule's when unset)" }),
  active: z
    .array(activeHoursSchema)
    .min(1)
    .max(14)
    .optional()
    .meta({ description: 'Only these local hours (a weekend or night layer); the layer covers all the time when unset' }),
});

const overrideSchema = z.strictObject({
  person: id().meta({ description: 'Who is on call instead (an id from `people:`)' }),
  start: instant().meta({ description: 'From, with a zone, e.g. 2026-12-24T18:00:00Z' }),
  end: instant().meta({ description: 'Until, with a zone' }),
  reason: z.string().max(500).optional().meta({ description: 'Why: a holiday, a swap' }),
});

export const scheduleSchema = z
  .strictObject({
    name: z.string().min(1).max(200).optional().meta({ description: 'Shown in the dashboard and the calendar (the id when unset)' }),
    time_zone: timeZone().meta({ description: 'IANA time zone of hand-off times and active hours, e.g. Europe/London' }),
    handoff: wallTime().default('09:00').meta({ description: 'Local time shifts change hands (each layer may set its own)' }),
    layers: z.array(layerSchema).min(1).max(10).meta({ description: 'Rotations; a later layer wins over earlier ones for the hours it covers' }),
    overrides: z.array(overrideSchema).max(500).default([]).meta({ description: 'Holidays and swaps: win over every layer' }),
  })
  .superRefine((schedule, ctx) => {
    const names = new Set<string>();
    schedule.layers.forEach((layer, index) => {
      if (names.has(layer.name)) ctx.addIssue({ code: 'custom', path: ['layers', index, 'name'], message: `duplicate layer name \`${layer.name}\`` });
      names.add(layer.name);
    });
    overrideProblems(schedule.overrides).forEach(({ index, field, message }) => ctx.addIssue({ code: 'custom', path: ['overrides', index, field], message }));
  });

export const peopleSchema = z.record(id(), personSchema).prefault({}).meta({ description: 'People who can be on call, by id, each with their own channels' });

export const schedulesSchema = z
  .record(id(), scheduleSchema)
  .prefault({})
  .meta({ description: 'On-call schedules by id: rotations in a time zone, with overrides; escalation steps page them with `oncall:`' });

export type PersonConfig = z.output<typeof personSchema>;
export type ScheduleConfig = z.output<typeof scheduleSchema>;
export type OverrideInput = z.output<typeof overrideSchema>;
export { overrideSchema };

/** daily → 1, weekly → 7, "3d" → 3, "2w" → 14; undefined when not whole days. */
export function rotationDays(text: string): number | undefined {
  if (text === 'daily') return 1;
  if (text === 'weekly') return 7;
  const match = /^(\d{1,3})([dw])$/.exec(text);
  if (!match) return undefined;
  const days = Number(match[1]) * (match[2] === 'w' ? 7 : 1);
  return days >= 1 && days <= 364 ? days : undefined;
}

/** Ends before starts, holidays that last a season, and two overrides claiming one hour. */
export function overrideProblems(overrides: ReadonlyArray<{ start: number; end: number }>): Array<{ index: number; field: string; message: string }> {
  const problems: Array<{ index: number; field: string; message: string }> = [];
  overrides.forEach((o, index) => {
    if (o.end <= o.start) problems.push({ index, field: 'end', message: `expected end after start ${iso(o.start)}, got ${iso(o.end)}` });
    else if (o.end - o.start > MAX_OVERRIDE_DAYS * DAY)
      problems.push({ index, field: 'end', message: `expected an override of at most ${MAX_OVERRIDE_DAYS} days` });
    const other = overrides.findIndex((x, j) => j < index && x.start < o.end && o.start < x.end);
    if (other >= 0 && o.end > o.start) {
      problems.push({
        index,
        field: 'start',
        message: `overlaps overrides[${other}] (${iso(overrides[other]!.start)} to ${iso(overrides[other]!.end)}): one hour has one person on call`,
      });
    }
  });
  return problems;
}

/** Cross-references: members and override people exist in `people`, people's channels in `channels`, `oncall:` steps name schedules. */
export function checkSchedules(config: Record<string, unknown>, report: Report): void {
  const people = record(config.people);
  const personIds = new Set(Object.keys(people));
  const channelIds = new Set(Object.keys(record(config.channels)));
  for (const [personId, person] of Object.entries(people)) {
    checkRefs(record(person).channels, ['people', personId, 'channels'], channelIds, 'channel', report, didYouMean);
  }
  const schedules = record(config.schedules);
  for (const [name, schedule] of Object.entries(schedules)) {
    list(record(schedule).layers).forEach((layer, index) => {
      checkRefs(record(layer).members, ['schedules', name, 'layers', index, 'members'], personIds, 'person', report, didYouMean);
    });
    list(record(schedule).overrides).forEach((override, index) => {
      const person = text(record(override).person);
      if (person !== undefined && !personIds.has(person)) {
        report(['schedules', name, 'overrides', index, 'person'], `no person has the id \`${person}\`${didYouMean(person, personIds)}`);
      }
    });
  }
  const scheduleIds = new Set(Object.keys(schedules));
  for (const [policy, steps] of Object.entries(record(config.escalations))) {
    list(steps).forEach((step, index) => {
      const oncall = text(record(step).oncall);
      if (oncall !== undefined && !scheduleIds.has(oncall)) {
        report(['escalations', policy, index, 'oncall'], `no schedule has the id \`${oncall}\`${didYouMean(oncall, scheduleIds)}`);
      }
    });
  }
}

/** The rotation math's model of a schedule, with overrides from the API added to the file's. */
export function rotaOf(name: string, schedule: ScheduleConfig, extra: readonly Override[] = []): Rota {
  return {
    name,
    timeZone: schedule.time_zone,
    layers: schedule.layers.map((layer) => ({
      name: layer.name,
      members: layer.members,
      start: parseDay(layer.start)!,
      handoff: parseClock(layer.handoff ?? schedule.handoff)!,
      days: rotationDays(layer.rotation)!,
      ...(layer.active && { active: layer.active.map(activeHoursOf) }),
    })),
    overrides: [...schedule.overrides.map((o) => ({ ...o, id: 'file' })), ...extra],
  };
}

function activeHoursOf(hours: z.output<typeof activeHoursSchema>): ActiveHours {
  return { days: hours.days.map((d) => WEEKDAYS.indexOf(d)), from: parseClock(hours.from)!, to: parseClock(hours.to, true)! };
}

function iso(ms: number): string {
  return Number.isFinite(ms) ? new Date(ms).toISOString() : String(ms);
}

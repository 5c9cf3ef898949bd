/**
 * Local wall time in an IANA zone, with nothing but Intl (Node 20 has no Temporal). A local date is
 * a day number (days since 1970-01-01 on the civil calendar), a wall time is minutes since midnight.
 *
 * A wall time that does not exist (the clocks jump forward over it) maps to the instant the clocks
 * jump: a 02:30 hand-off in London on the last Sunday of March happens at 03:00 BST, as croner
 * (maintenance windows, heartbeat schedules) does it. A wall time that occurs twice (the clocks go
 * back) maps to its first occurrence. Both rules keep hand-offs in order: a later wall time never
 * maps to an earlier instant.
 */

const DAY = 86_400_000;
const MINUTE = 60_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterOf(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

/** Whether Intl knows the zone (an IANA name such as Europe/London, or UTC). */
export function isTimeZone(timeZone: string): boolean {
  if (timeZone.length === 0 || timeZone.length > 64) return false;
  try {
    formatterOf(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The zone's offset from UTC at `at`, in ms (BST: +3,600,000). Whole seconds: no zone has finer offsets since 1972. */
export function offsetAt(timeZone: string, at: number): number {
  const whole = Math.floor(at / 1000) * 1000;
  const parts: Record<string, number> = {};
  for (const part of formatterOf(timeZone).formatToParts(whole)) if (part.type !== 'literal') parts[part.type] = Number(part.value);
  const wall = Date.UTC(parts.year!, parts.month! - 1, parts.day, parts.hour, parts.minute, parts.second);
  return wall - whole;
}

export interface Wall {
  /** Local date as a day number. */
  day: number;
  /** Ms since local midnight. */
  ms: number;
}

/** The local date and time at `at`. */
export function wallOf(timeZone: string, at: number): Wall {
  const local = at + offsetAt(timeZone, at);
  const day = Math.floor(local / DAY);
  return { day, ms: local - day * DAY };
}

/** Hand-off instants recur from one page to the next: remembered, since each costs a few Intl calls. Bounded. */
const instants = new Map<string, number>();
const MAX_REMEMBERED = 20_000;

/** The instant the local clock in `timeZone` shows `minute` minutes past midnight of local date `day` (see the rules above). */
export function instantOf(timeZone: string, day: number, minute: number): number {
  const key = `${timeZone} ${day} ${minute}`;
  let instant = instants.get(key);
  if (instant === undefined) {
    if (instants.size >= MAX_REMEMBERED) instants.clear();
    instant = computeInstant(timeZone, day, minute);
    instants.set(key, instant);
  }
  return instant;
}

function computeInstant(timeZone: string, day: number, minute: number): number {
  const wall = day * DAY + minute * MINUTE;
  // Real zones change offset at most once within a day, so the offsets a day either side are the only candidates.
  const before = offsetAt(timeZone, wall - DAY);
  const after = offsetAt(timeZone, wall + DAY);
  const candidates = [wall - before, wall - after].filter((t) => t + offsetAt(timeZone, t) === wall).sort((a, b) => a - b);
  if (candidates.length > 0) return candidates[0]!;
  return jumpBetween(timeZone, wall - after, wall - before, after);
}

/** The first instant in (low, high] whose offset is `target`: where the clocks jumped. Binary search to the second. */
function jumpBetween(timeZone: string, low: number, high: number, target: number): number {
  let lo = low;
  let hi = high;
  while (hi - lo > 1000) {
    const mid = Math.floor((lo + hi) / 2000) * 1000;
    if (mid <= lo) break;
    if (offsetAt(timeZone, mid) === target) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** Day number of a civil date. */
export function dayOf(year: number, month: number, date: number): number {
  return Math.floor(Date.UTC(year, month - 1, date) / DAY);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

/** "2026-03-29" → day number, or undefined when not a real date. */
export function parseDay(text: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return undefined;
  const [year, month, date] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const day = dayOf(year, month, date);
  const back = new Date(day * DAY);
  return back.getUTCMonth() === month - 1 && back.getUTCDate() === date ? day : undefined;
}

/** "09:00" → 540; "24:00" only when `allowEnd`. Undefined when not HH:MM. */
export function parseClock(text: string, allowEnd = false): number | undefined {
  const match = /^(\d{2}):(\d{2})$/.exec(text);
  if (!match) return undefined;
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  if (Number(match[2]) > 59) return undefined;
  return minutes < 1440 || (allowEnd && minutes === 1440) ? minutes : undefined;
}

export function formatDay(day: number): string {
  return new Date(day * DAY).toISOString().slice(0, 10);
}

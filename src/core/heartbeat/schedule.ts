/**
 * When a heartbeat is next expected. Either a fixed `period` after the last sign of life, or the
 * next occurrence of a cron `schedule` read in the time zone `tz` (croner does the calendar work).
 *
 * Daylight-saving time, as croner 11 defines it and as the property tests pin down:
 * - A pattern with a single second, minute and hour ("30 2 * * *", a fixed-time job) runs once per
 *   matching day. When that wall-clock time does not exist (spring forward, e.g. 02:30 on
 *   2026-03-29 in Europe/Berlin) it is expected at the first instant after the gap (03:00 local);
 *   when it occurs twice (fall back) only its first occurrence is expected.
 * - Any other pattern ("*\/15 * * * *", "0 * * * *") is an interval job: wall-clock times inside a
 *   gap are skipped and times that repeat are expected on both passes.
 * Either way the due time is the occurrence plus grace in absolute time, so a one-hour grace is
 * sixty real minutes even across a change of offset.
 */
import { cronOf } from '../cron.js';

export { cronOf, scheduleProblem } from '../cron.js';

export interface Expectation {
  /** Milliseconds between pings; exclusive with `schedule`. */
  period?: number | undefined;
  /** Cron expression, as core/cron.ts reads it. */
  schedule?: string | undefined;
  /** IANA zone the schedule is read in. */
  tz: string;
}

/** The first expected ping strictly after `after`, or undefined when the schedule has no further occurrence. */
export function expectedAfter(expectation: Expectation, after: number): number | undefined {
  if (expectation.period !== undefined) return after + expectation.period;
  if (expectation.schedule === undefined) return undefined;
  return cronOf(expectation.schedule, expectation.tz).nextRun(new Date(after))?.getTime();
}

import { z } from 'zod';
import { scheduleProblem } from '../../core/heartbeat/schedule.js';
import { isKnownTimeZone } from '../../core/heartbeat/time.js';
import { duration, size } from '../../schema/primitives.js';
import type { Path, Report } from '../../schema/draft.js';
import { PING_BODY_LIMIT } from './limits.js';

/** What a heartbeat's logs may take in the store unless it says otherwise: 20 full 100 kB logs. */
export const DEFAULT_LOG_BUDGET = 2_000_000;
const MAX_LOG_BUDGET = 1_000_000_000;

/** Pushed, not polled: the job pings /ping/<uuid>; tocsin alerts when pings stop or report failure. */
export const heartbeatSettings = z
  .strictObject({
    uuid: z
      .uuid({ error: 'expected a UUID such as 0d6f3c52-6b8e-4f1a-9c3e-2a7b9d1e4f60' })
      .optional()
      .meta({ description: 'The job pings /ping/<uuid>; unique across monitors. Absent: ping /ping/<server.ping_key>/<id>' }),
    period: duration().optional().meta({ description: 'The job runs this often (give period or schedule)' }),
    schedule: z.string().optional().meta({ description: 'Cron expression of when the job runs, read in tz (give period or schedule)' }),
    tz: z.string().default('UTC').meta({ description: 'IANA time zone of schedule, e.g. Europe/Paris' }),
    grace: duration().default(3_600_000).meta({ description: 'How late a ping may be before the monitor is "down"' }),
    max_runtime: duration().optional().meta({ description: 'A run that started (/start) and has not finished after this is "down"' }),
    min_runtime: duration().optional().meta({ description: 'A run that finished sooner than this is "degraded" (it probably did nothing)' }),
    manual_resume: z.boolean().optional().meta({
      description: 'When paused through the API or dashboard, stay paused when pinged (pings are still kept); by default a ping resumes it, as in Healthchecks',
    }),
    log_budget: size()
      .refine((bytes) => bytes >= PING_BODY_LIMIT && bytes <= MAX_LOG_BUDGET, "expected a size from 100kB (one ping's log) to 1GB")
      .optional()
      .meta({ description: 'Bytes of ping logs kept for this heartbeat, newest first; older logs are dropped (their runs stay). Default 2MB' }),
  })
  .refine((s) => (s.period === undefined) !== (s.schedule === undefined), {
    message: 'expected exactly one of period or schedule',
    path: ['period'],
  })
  .refine((s) => isKnownTimeZone(s.tz), {
    error: (issue) => `expected an IANA time zone such as Europe/Berlin or UTC, got "${String((issue.input as { tz?: unknown }).tz)}"`,
    path: ['tz'],
  })
  .refine((s) => s.schedule === undefined || !isKnownTimeZone(s.tz) || scheduleProblem(s.schedule, s.tz) === undefined, {
    error: (issue) => {
      const { schedule, tz } = issue.input as { schedule: string; tz: string };
      return scheduleProblem(schedule, tz);
    },
    path: ['schedule'],
  })
  .refine((s) => s.min_runtime === undefined || s.max_runtime === undefined || s.min_runtime < s.max_runtime, {
    message: 'expected min_runtime to be shorter than max_runtime',
    path: ['min_runtime'],
  });

export type HeartbeatSettings = z.infer<typeof heartbeatSettings>;

/** Jobs ping /ping/<uuid>, or /ping/<ping_key>/<id> when the server has a ping key: one of them must exist. */
export function checkHeartbeatDraft(monitor: Record<string, unknown>, at: Path, context: { hasPingKey: boolean }, report: Report): void {
  if (monitor.uuid === undefined && !context.hasPingKey) {
    report([...at, 'uuid'], 'missing; a heartbeat needs a uuid for /ping/<uuid>, or set server.ping_key so jobs ping /ping/<ping_key>/<id>');
  }
}

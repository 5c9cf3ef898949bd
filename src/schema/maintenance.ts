/** Planned maintenance: monitors in a window do not page, and status pages can announce it. */
import { z } from 'zod';
import { scheduleProblem } from '../core/cron.js';
import { isKnownTimeZone } from '../core/heartbeat/time.js';
import { isRecord } from './draft.js';
import { duration, id } from './primitives.js';

/** The schedule is read in `tz`, so it is checked once both are known, by the parser the evaluator uses. */
function checkSchedule(window: unknown, ctx: z.RefinementCtx): void {
  if (!isRecord(window) || typeof window.schedule !== 'string') return;
  const tz = typeof window.tz === 'string' ? window.tz : 'UTC';
  if (!isKnownTimeZone(tz)) return;
  const problem = scheduleProblem(window.schedule, tz);
  if (problem) ctx.addIssue({ code: 'custom', path: ['schedule'], message: problem });
}

export const maintenanceSchema = z
  .strictObject({
    name: z.string().min(1).meta({ description: 'Shown on status pages and in notifications' }),
    start: z.iso
      .datetime({ offset: true, error: 'expected an ISO 8601 date-time with a zone, such as 2026-12-05T02:00:00Z' })
      .transform((text) => Date.parse(text))
      .meta({ description: 'When the (first) window opens; with a zone, e.g. 2026-12-05T02:00:00Z' }),
    duration: duration().meta({ description: 'How long each window lasts' }),
    schedule: z.string().optional().meta({
      description: 'Cron expression for recurring windows, from start on: 5 fields (minute hour day month weekday) or 6 with seconds, e.g. "0 2 * * SUN"',
    }),
    tz: z
      .string()
      .refine(isKnownTimeZone, 'expected an IANA time zone such as UTC or Europe/Paris')
      .default('UTC')
      .meta({ description: 'Time zone of schedule' }),
    monitors: z.array(id()).min(1).meta({ description: 'Monitor ids that do not page during the window' }),
    announce_on: z.array(id()).default([]).meta({ description: 'Status page slugs that show the window in advance' }),
    silence: z
      .boolean()
      .optional()
      .meta({ description: 'A silence rather than planned work (what "silence for…" in the API and dashboard opens); shown as silenced' }),
  })
  .superRefine(checkSchedule, { when: () => true });

export const maintenanceListSchema = z.array(maintenanceSchema).default([]);

/** `start` is in ms since the epoch. */
export type MaintenanceConfig = z.output<typeof maintenanceSchema>;

/** Planned maintenance: monitors in a window do not page, and status pages can announce it. */
import { Cron } from 'croner';
import { z } from 'zod';
import { duration, id } from './primitives.js';

function cronProblem(expression: string): string | undefined {
  try {
    new Cron(expression);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message.replace(/^CronPattern: /, '') : String(error);
  }
}

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export const maintenanceSchema = z.strictObject({
  name: z.string().min(1),
  start: z.iso
    .datetime({ offset: true, error: 'expected an ISO 8601 date-time with a zone, such as 2026-12-05T02:00:00Z' })
    .transform((text) => Date.parse(text))
    .meta({ description: 'When the (first) window opens; with a zone, e.g. 2026-12-05T02:00:00Z' }),
  duration: duration(),
  schedule: z
    .string()
    .superRefine((expression, ctx) => {
      const problem = cronProblem(expression);
      if (problem) ctx.addIssue({ code: 'custom', message: `expected a cron expression such as "0 2 * * 0" (${problem})` });
    })
    .optional()
    .meta({ description: 'Cron expression for recurring windows, from start on' }),
  tz: z
    .string()
    .refine(isTimeZone, 'expected an IANA time zone such as UTC or Europe/Paris')
    .default('UTC')
    .meta({ description: 'Time zone of schedule' }),
  monitors: z.array(id()).min(1),
  announce_on: z.array(id()).default([]).meta({ description: 'Status page slugs that show the window in advance' }),
  silence: z
    .boolean()
    .optional()
    .meta({ description: 'A silence rather than planned work (what "silence for…" in the API and dashboard opens); shown as silenced' }),
});

export const maintenanceListSchema = z.array(maintenanceSchema).default([]);

/** `start` is in ms since the epoch. */
export type MaintenanceConfig = z.output<typeof maintenanceSchema>;

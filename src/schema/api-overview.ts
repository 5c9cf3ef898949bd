/**
 * What GET /api/v1/overview answers (routes/overview.ts): every monitor with its state but without
 * its settings, and the figures of the rows asked for. Times are epoch milliseconds.
 */
import { z } from 'zod';
import { monitorTypes, type MonitorType } from '../checks/schemas.js';
import { monitorStateSchema, statusSchema } from './api-monitors.js';

const ms = () => z.number().meta({ description: 'Epoch milliseconds' });

export const overviewMonitorSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  type: z.enum(monitorTypes as [MonitorType, ...MonitorType[]]),
  target: z.string().meta({ description: 'What it checks, in words' }),
  tags: z.array(z.string()),
  group: z.string().nullable(),
  depends_on: z.array(z.string()),
  paused: z.boolean(),
  source: z.enum(['config', 'api']).meta({ description: 'config: defined in tocsin.yaml, read-only here' }),
  read_only: z.boolean(),
  quarantined: z.strictObject({ reason: z.string(), at: ms() }).nullable().meta({ description: 'Not checked until edited or released; null when it runs' }),
  state: monitorStateSchema.nullable().meta({ description: 'Null before the first result (pending)' }),
});

export const overviewFiguresSchema = z.strictObject({
  results: z
    .array(
      z.strictObject({
        at: ms(),
        status: statusSchema,
        latency_ms: z.number(),
        message: z.string(),
        missed: z.boolean(),
      }),
    )
    .meta({ description: 'The latest results, newest first' }),
  tls_days_left: z.number().nullable().meta({ description: 'From the latest result that measured it; null when none did' }),
  uptime: z.strictObject({
    '24h': z.number().nullable().meta({ description: 'Percent; null when no judged result' }),
    '30d': z.number().nullable().meta({ description: 'Percent; null when no judged result' }),
  }),
});

export const overviewResponse = z.strictObject({
  at: ms(),
  monitors: z.array(overviewMonitorSchema).optional().meta({ description: 'Left out when list=0' }),
  figures: z.record(z.string(), overviewFiguresSchema).meta({ description: 'By monitor id: the rows asked for, by default the 40 worst' }),
});

export type OverviewMonitor = z.output<typeof overviewMonitorSchema>;
export type OverviewFigures = z.output<typeof overviewFiguresSchema>;

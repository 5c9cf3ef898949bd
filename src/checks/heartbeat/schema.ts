import { z } from 'zod';
import { duration } from '../../schema/primitives.js';

/** Pushed, not polled: the job pings /ping/<uuid>; tocsin alerts when pings stop or report failure. */
export const heartbeatSettings = z
  .strictObject({
    uuid: z.uuid({ error: 'expected a UUID such as 0d6f3c52-6b8e-4f1a-9c3e-2a7b9d1e4f60' }).optional(),
    period: duration().optional(),
    schedule: z.string().optional(),
    tz: z.string().default('UTC'),
    grace: duration().default(3_600_000),
    max_runtime: duration().optional(),
    min_runtime: duration().optional(),
  })
  .refine((s) => (s.period === undefined) !== (s.schedule === undefined), {
    message: 'expected exactly one of period or schedule',
    path: ['period'],
  });

export type HeartbeatSettings = z.infer<typeof heartbeatSettings>;

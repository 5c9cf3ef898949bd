import { z } from 'zod';

/** What a `self` monitor measures about the running tocsin. */
export const selfMetrics = [
  'checks_per_minute',
  'schedule_lag',
  'outbox_backlog',
  'oldest_undelivered',
  'failing_channels',
  'db_write_latency',
  'disk_free',
  'backup_age',
] as const;

export type SelfMetric = (typeof selfMetrics)[number];

const threshold = z.number().nonnegative().optional().meta({
  description:
    "In the metric's unit: percent of expected (checks_per_minute), ms (schedule_lag, oldest_undelivered, db_write_latency, backup_age), bytes (disk_free), a count otherwise",
});

/**
 * tocsin watching itself, judged and alerted like any other monitor. Thresholds default per metric
 * (src/checks/self/thresholds.ts): for checks_per_minute and disk_free lower is worse, for the rest higher.
 */
export const selfSettings = z.strictObject({
  metric: z.enum(selfMetrics),
  warn: threshold,
  critical: threshold,
});

export type SelfSettings = z.infer<typeof selfSettings>;

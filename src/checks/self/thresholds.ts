/**
 * Per-metric units, directions and default thresholds. Defaults are set where a person should
 * look (warn) and where alerts are already at risk (critical); e.g. a channel failing for 10
 * minutes is what /healthz calls unhealthy, so an undelivered notification that old is critical.
 */
import type { SelfMetric, SelfSettings } from './schema.js';

export type Unit = 'percent' | 'ms' | 'bytes' | 'count';

export interface MetricRule {
  unit: Unit;
  /** True when a lower figure is worse (free space, checks run). */
  lowerIsWorse: boolean;
  warn: number;
  critical: number;
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const MB = 1_000_000;

export const metricRules: Record<SelfMetric, MetricRule> = {
  checks_per_minute: { unit: 'percent', lowerIsWorse: true, warn: 90, critical: 50 },
  schedule_lag: { unit: 'ms', lowerIsWorse: false, warn: 2_000, critical: 10_000 },
  outbox_backlog: { unit: 'count', lowerIsWorse: false, warn: 100, critical: 1_000 },
  oldest_undelivered: { unit: 'ms', lowerIsWorse: false, warn: 2 * MINUTE, critical: 10 * MINUTE },
  failing_channels: { unit: 'count', lowerIsWorse: false, warn: 1, critical: 2 },
  db_write_latency: { unit: 'ms', lowerIsWorse: false, warn: 500, critical: 2_000 },
  disk_free: { unit: 'bytes', lowerIsWorse: true, warn: 1_000 * MB, critical: 100 * MB },
  backup_age: { unit: 'ms', lowerIsWorse: false, warn: 2 * DAY, critical: 7 * DAY },
};

/** The rule in force: the monitor's own thresholds over the metric's defaults. */
export function ruleFor(settings: SelfSettings): MetricRule {
  const base = metricRules[settings.metric];
  return { ...base, warn: settings.warn ?? base.warn, critical: settings.critical ?? base.critical };
}

/** From the config's words (alert:, escalation:, escalations:) to the state machine's AlertPolicy. */
import type { AlertPolicy } from '../core/alert/index.js';
import type { Config, MonitorConfig } from '../schema/config.js';
import { oncallChannel } from './oncall-route.js';

export function policyFor(monitor: MonitorConfig, config: Pick<Config, 'escalations'>): AlertPolicy {
  const { up_after, remind_every, flap, unknown } = monitor.alert;
  const steps = monitor.escalation === undefined ? [] : (config.escalations[monitor.escalation] ?? []);
  return {
    // A late heartbeat is one fact, and its grace was its confirmation: waiting for a second
    // verdict (recorded a whole interval later) would page one interval after the deadline.
    down_after: monitor.type === 'heartbeat' ? 1 : monitor.alert.down_after,
    up_after,
    ...(remind_every !== undefined && { remind_every }),
    // The config counts the changes that make flapping; the state machine flags more than `changes`.
    ...(flap !== undefined && { flap: { changes: flap.changes - 1, within: flap.within } }),
    escalation: steps.map((step) => ({ after: step.after, channels: [...step.notify, ...(step.oncall ? [oncallChannel(step.oncall)] : [])] })),
    unknown,
  };
}

/** alert.retry_interval when unset: a failed check is confirmed within seconds, not intervals. */
export const DEFAULT_RETRY_INTERVAL = 10_000;

/** How the engine re-checks a failing polled monitor until down_after results in a row have failed. */
export function retryPolicyOf(monitor: MonitorConfig): { every: number; failures: number } | undefined {
  const failures = monitor.alert.down_after;
  if (failures <= 1) return undefined;
  return { every: Math.min(monitor.alert.retry_interval ?? DEFAULT_RETRY_INTERVAL, monitor.interval), failures };
}

/** Monitors whose problems would reach nobody: worth a warning at start, not silence at 3 a.m. */
export function unrouted(config: Pick<Config, 'escalations' | 'monitors'>): string[] {
  return config.monitors.filter((m) => !m.paused && policyFor(m, config).escalation.length === 0).map((m) => m.id);
}

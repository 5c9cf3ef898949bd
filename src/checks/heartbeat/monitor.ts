/** Heartbeat monitors as the evaluator sees them, and the ones a ping creates (`?create=1`). */
import type { CheckResult } from '../../core/types.js';
import type { HeartbeatPolicy, HeartbeatVerdict } from '../../core/heartbeat/judge.js';
import type { RunsState } from '../../core/heartbeat/runs.js';
import type { Defaults, MonitorConfig, MonitorConfigOf } from '../../schema/config.js';

export type HeartbeatMonitor = MonitorConfigOf<'heartbeat'>;

/** The tag of heartbeat monitors a ping created (`?create=1`). */
export const AUTO_CREATED_TAG = 'auto-provisioned';

export function isHeartbeat(monitor: MonitorConfig): monitor is HeartbeatMonitor {
  return monitor.type === 'heartbeat';
}

export function policyOf(monitor: HeartbeatMonitor): HeartbeatPolicy {
  const { period, schedule, tz, grace, max_runtime, min_runtime } = monitor.settings;
  return { period, schedule, tz, grace, max_runtime, min_runtime };
}

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** Healthchecks' defaults for auto-provisioned checks: period 1 day, grace 1 hour. */
export function provisionedMonitor(id: string, defaults: Defaults): HeartbeatMonitor {
  return {
    id,
    name: id,
    type: 'heartbeat',
    interval: defaults.interval,
    timeout: Math.min(defaults.timeout, defaults.interval),
    tags: [AUTO_CREATED_TAG],
    depends_on: [],
    paused: false,
    alert: defaults.alert,
    ...(defaults.escalation !== undefined && { escalation: defaults.escalation }),
    settings: { period: DAY, tz: 'UTC', grace: HOUR },
  };
}

/** The verdict as a check result, so heartbeats flow through the same pipeline as polled checks. */
export function resultOf(verdict: HeartbeatVerdict & { status: CheckResult['status'] }, runs: RunsState): CheckResult {
  const finish = runs.lastFinish;
  const duration = finish?.startedAt !== undefined ? finish.at - finish.startedAt : undefined;
  return {
    status: verdict.status,
    latencyMs: 0,
    timings: {},
    message: verdict.message,
    ...(duration !== undefined && { metrics: { heartbeat_run_seconds: duration / 1000 } }),
  };
}

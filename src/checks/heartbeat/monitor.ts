/** Heartbeat monitors as the evaluator sees them. */
import type { CheckResult } from '../../core/types.js';
import type { HeartbeatPolicy, HeartbeatVerdict } from '../../core/heartbeat/judge.js';
import type { RunsState } from '../../core/heartbeat/runs.js';
import type { MonitorConfig, MonitorConfigOf } from '../../schema/config.js';

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

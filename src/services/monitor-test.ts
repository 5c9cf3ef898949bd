/**
 * "Test now": runs a monitor the API was sent once, under its own timeout, exactly as the engine
 * would, and answers what it saw. Nothing is stored, nothing alerts: the monitor may never be saved.
 */
import { runMonitorCheck } from '../checks/registry.js';
import { probeTargetPolicy } from '../core/targets/policy.js';
import type { CheckResult } from '../core/types.js';
import { runWithDeadline } from '../engine/deadline.js';
import { TocsinError } from '../lib/errors.js';
import { validateMonitor, type MonitorInputDeps } from './monitor-input.js';

export interface MonitorTestResult extends CheckResult {
  monitorId: string;
  timeoutMs: number;
}

export async function testMonitor(deps: MonitorInputDeps, input: unknown): Promise<MonitorTestResult> {
  const monitor = await validateMonitor(deps, input);
  if (monitor.type === 'heartbeat') {
    throw new TocsinError('invalid_input', `${monitor.id} is a heartbeat monitor: it is pinged, not polled, so there is nothing to run now; send a ping to its URL instead`, {
      field: 'type',
      expected: 'a polled type (http, tcp, tls, dns, smtp, postgres, mysql, redis)',
    });
  }
  const targets = probeTargetPolicy(deps.config().server.probe_targets);
  const result = await runWithDeadline((ctx) => runMonitorCheck(monitor, { ...ctx, targets }), monitor.timeout);
  return { ...result, monitorId: monitor.id, timeoutMs: monitor.timeout };
}

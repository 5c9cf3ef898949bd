/**
 * "Test now": runs a monitor the API was sent once, under its own timeout, exactly as the engine
 * would, and answers what it saw. Nothing is stored and nothing alerts (the monitor may never be
 * saved), but every run is audited: it reaches real services from tocsin's address. What it answers
 * is bounded whatever the check said: the message cut to TEST_MESSAGE_LIMIT, metrics only numbers.
 */
import type { Actor } from '../api/auth/access.js';
import type { OwnDatabase } from '../checks/db/own-database.js';
import { runMonitorCheck } from '../checks/registry.js';
import { probeTargetPolicy } from '../core/targets/policy.js';
import type { CheckResult } from '../core/types.js';
import { runWithDeadline } from '../engine/deadline.js';
import type { Clock } from '../lib/clock.js';
import { TocsinError } from '../lib/errors.js';
import { clip } from '../lib/text.js';
import { recordAudit } from './audit.js';
import { validateMonitor, type MonitorInputDeps } from './monitor-input.js';
import { monitorTarget } from './monitor-target.js';

export interface MonitorTestDeps extends MonitorInputDeps {
  clock: Clock;
  /** tocsin's own store, which SQL probes refuse here as in the engine. */
  ownDatabase?: OwnDatabase;
}

export interface MonitorTestResult extends CheckResult {
  monitorId: string;
  timeoutMs: number;
}

/** The longest message "test now" answers; longer ones end in "…". */
export const TEST_MESSAGE_LIMIT = 300;
/** The most metrics it answers: a plugin's perfdata could otherwise list thousands. */
export const TEST_METRICS_LIMIT = 32;

export async function testMonitor(deps: MonitorTestDeps, actor: Actor, input: unknown): Promise<MonitorTestResult> {
  const monitor = await validateMonitor(deps, actor, input);
  if (monitor.type === 'heartbeat') {
    throw new TocsinError(
      'invalid_input',
      `${monitor.id} is a heartbeat monitor: it is pinged, not polled, so there is nothing to run now; send a ping to its URL instead`,
      {
        field: 'type',
        expected: 'a polled type (http, tcp, tls, dns, smtp, postgres, mysql, redis)',
      },
    );
  }
  const targets = probeTargetPolicy(deps.config().server.probe_targets);
  const result = await runWithDeadline((ctx) => runMonitorCheck(monitor, { ...ctx, targets, ownDatabase: deps.ownDatabase }), monitor.timeout);
  // Who probed what, never with what: monitorTarget masks URL credentials, and headers are left out.
  await recordAudit(deps.db, {
    actor,
    action: 'monitor.test',
    target: monitor.id,
    after: { type: monitor.type, target: monitorTarget(monitor), status: result.status },
    at: deps.clock.now(),
  });
  return { ...bounded(result), monitorId: monitor.id, timeoutMs: monitor.timeout };
}

export function bounded(result: CheckResult): CheckResult {
  const metrics = Object.entries(result.metrics ?? {}).filter(([, value]) => typeof value === 'number' && Number.isFinite(value));
  const out: CheckResult = { ...result, message: clip(result.message, TEST_MESSAGE_LIMIT) };
  if (result.metrics) out.metrics = Object.fromEntries(metrics.slice(0, TEST_METRICS_LIMIT));
  return out;
}

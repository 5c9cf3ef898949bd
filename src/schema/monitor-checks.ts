/** Checks on one monitor that need more than its own fields: defaults, server settings, other names. */
import { formatDuration } from '../lib/duration.js';
import { checkRefs, count, isRecord, text, type Path, type Report } from './draft.js';
import { draftChecks, pushedTypes, type MonitorType } from '../checks/schemas.js';
import { didYouMean } from './suggest.js';

const pushed: ReadonlySet<string> = new Set(pushedTypes);

export interface MonitorContext {
  /** defaults.interval / defaults.timeout in ms, when they parsed. */
  interval?: number;
  timeout?: number;
  /** server.ping_key is set, so heartbeats can be pinged by id. */
  hasPingKey: boolean;
  /** The shortest interval allowed, and the setting it comes from; not checked when absent. */
  minInterval?: { ms: number; setting: string };
  /** Known monitor ids and escalation policy names; references are not checked when absent. */
  monitorIds?: ReadonlySet<string>;
  escalations?: ReadonlySet<string>;
}

export function checkMonitor(monitor: unknown, at: Path, context: MonitorContext, report: Report): void {
  if (!isRecord(monitor)) return;
  checkInterval(monitor, at, context, report);
  checkTimeout(monitor, at, context, report);
  if (context.monitorIds) checkRefs(monitor.depends_on, [...at, 'depends_on'], context.monitorIds, 'monitor', report, didYouMean);
  const escalation = text(monitor.escalation);
  if (context.escalations && escalation !== undefined && !context.escalations.has(escalation)) {
    report([...at, 'escalation'], `no escalation policy is named \`${escalation}\`${didYouMean(escalation, context.escalations)}`);
  }
  // What only one type needs checked across its fields lives in that type's folder.
  const type = text(monitor.type);
  if (type !== undefined && Object.hasOwn(draftChecks, type)) draftChecks[type as MonitorType]?.(monitor, at, context, report);
}

function checkTimeout(monitor: Record<string, unknown>, at: Path, context: MonitorContext, report: Report): void {
  const timeout = count(monitor.timeout);
  const ownInterval = count(monitor.interval);
  const interval = ownInterval ?? context.interval;
  if (timeout === undefined || interval === undefined || timeout <= interval) return;
  const source = ownInterval === undefined ? ' (defaults.interval)' : '';
  report(
    [...at, 'timeout'],
    `expected at most the interval${source} ${formatDuration(interval)}, got ${formatDuration(timeout)}: one run must end before the next starts`,
  );
}

/** A polled monitor's interval is bounded below: `interval: 1ms` would turn tocsin against its own target. */
function checkInterval(monitor: Record<string, unknown>, at: Path, context: MonitorContext, report: Report): void {
  const floor = context.minInterval;
  const ownInterval = count(monitor.interval);
  const interval = ownInterval ?? context.interval;
  // Heartbeats are pinged, not polled: their interval only paces re-judging.
  if (!floor || pushed.has(text(monitor.type) ?? '') || interval === undefined || interval >= floor.ms) return;
  const source = ownInterval === undefined ? ' (defaults.interval)' : '';
  report([...at, 'interval'], `expected at least ${formatDuration(floor.ms)} (${floor.setting}), got ${formatDuration(interval)}${source}`);
}

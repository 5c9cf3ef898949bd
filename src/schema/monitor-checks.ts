/** Checks on one monitor that need more than its own fields: defaults, server settings, other names. */
import { formatDuration } from '../lib/duration.js';
import { checkRefs, count, isRecord, text, type Path, type Report } from './draft.js';
import { didYouMean } from './suggest.js';

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

const LABEL = /^(?!-)[A-Za-z0-9_-]{1,63}(?<!-)$/;

export function isHostName(name: string): boolean {
  const bare = name.endsWith('.') ? name.slice(0, -1) : name;
  return bare.length > 0 && bare.length <= 253 && bare.split('.').every((label) => LABEL.test(label));
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
  if (monitor.type === 'dns') checkDnsName(monitor, at, report);
  if (monitor.type === 'heartbeat' && monitor.uuid === undefined && !context.hasPingKey) {
    report([...at, 'uuid'], 'missing; a heartbeat needs a uuid for /ping/<uuid>, or set server.ping_key so jobs ping /ping/<ping_key>/<id>');
  }
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
  if (!floor || monitor.type === 'heartbeat' || interval === undefined || interval >= floor.ms) return;
  const source = ownInterval === undefined ? ' (defaults.interval)' : '';
  report([...at, 'interval'], `expected at least ${formatDuration(floor.ms)} (${floor.setting}), got ${formatDuration(interval)}${source}`);
}

/** Without `query`, the example resolves the monitor's name, so that name must be a host name. */
function checkDnsName(monitor: Record<string, unknown>, at: Path, report: Report): void {
  if (monitor.query !== undefined) return;
  const name = text(monitor.name);
  if (name === undefined) {
    report([...at, 'query'], 'missing; a dns monitor resolves `query`, or its `name` when that is a host name');
  } else if (!isHostName(name)) {
    report([...at, 'name'], 'expected a host name to resolve, such as sstate-cache.example.org, since there is no `query`; or set `query`');
  }
}

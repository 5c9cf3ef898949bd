/**
 * `tocsin report`: incidents of a period by severity; time to detect (first failure → first page),
 * to acknowledge (first page → first ack) and to recover (first failure → last monitor up); the same
 * per monitor, tag and month; overdue action items. Pure: the service gathers incidents with their
 * derived times and the components' uptime.
 */
import type { IncidentTimes } from './timeline.js';
import { isClosed, isOverdue, severityName, type ActionItem, type ResponseIncident } from './types.js';

export interface ReportIncident {
  incident: ResponseIncident;
  times: IncidentTimes;
  /** Tags of its monitors. */
  tags: readonly string[];
}

export interface Stat {
  count: number;
  meanMs: number | null;
  medianMs: number | null;
  maxMs: number | null;
}

export interface Group {
  key: string;
  incidents: number;
  timeToDetect: Stat;
  timeToAcknowledge: Stat;
  timeToRecover: Stat;
}

export interface ComponentUptime {
  page: string;
  component: string;
  /** Null when none of its monitors has a result in the period. */
  percent: number | null;
}

export interface IncidentReport {
  from: number;
  to: number;
  incidents: number;
  /** Not yet closed: unresolved, or resolved with the post-mortem neither published nor waived. */
  notClosed: number;
  bySeverity: Record<'SEV1' | 'SEV2' | 'SEV3' | 'SEV4', number>;
  timeToDetect: Stat;
  timeToAcknowledge: Stat;
  timeToRecover: Stat;
  byMonitor: Group[];
  byTag: Group[];
  byMonth: Group[];
  uptime: ComponentUptime[];
  overdueActionItems: ActionItem[];
}

export function stat(values: readonly number[]): Stat {
  if (values.length === 0) return { count: 0, meanMs: null, medianMs: null, maxMs: null };
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { count: values.length, meanMs: Math.round(values.reduce((a, b) => a + b, 0) / values.length), medianMs: Math.round(median), maxMs: sorted.at(-1)! };
}

/** Incidents that began within [from, to). */
export function buildReport(input: {
  from: number;
  to: number;
  incidents: readonly ReportIncident[];
  actionItems: readonly ActionItem[];
  uptime: readonly ComponentUptime[];
  now: number;
}): IncidentReport {
  const within = input.incidents.filter((r) => r.times.startedAt >= input.from && r.times.startedAt < input.to);
  const bySeverity = { SEV1: 0, SEV2: 0, SEV3: 0, SEV4: 0 };
  for (const r of within) bySeverity[severityName(r.incident.severity) as keyof typeof bySeverity] += 1;
  return {
    from: input.from,
    to: input.to,
    incidents: within.length,
    notClosed: within.filter((r) => !isClosed(r.incident)).length,
    bySeverity,
    ...stats(within),
    byMonitor: groups(within, (r) => r.incident.monitors),
    byTag: groups(within, (r) => r.tags),
    byMonth: groups(within, (r) => [new Date(r.times.startedAt).toISOString().slice(0, 7)]).sort((a, b) => a.key.localeCompare(b.key)),
    uptime: [...input.uptime],
    overdueActionItems: input.actionItems.filter((item) => isOverdue(item, input.now)).sort((a, b) => (a.dueAt ?? 0) - (b.dueAt ?? 0)),
  };
}

function stats(rows: readonly ReportIncident[]): Pick<Group, 'timeToDetect' | 'timeToAcknowledge' | 'timeToRecover'> {
  const present = (values: Array<number | null>) => values.filter((v): v is number => v !== null);
  return {
    timeToDetect: stat(rows.map((r) => r.times.toDetectMs)),
    timeToAcknowledge: stat(present(rows.map((r) => r.times.toAcknowledgeMs))),
    timeToRecover: stat(present(rows.map((r) => r.times.toRecoverMs))),
  };
}

/** Most incidents first, then by key; an incident counts once in each of its keys. */
function groups(rows: readonly ReportIncident[], keysOf: (r: ReportIncident) => readonly string[]): Group[] {
  const byKey = new Map<string, ReportIncident[]>();
  for (const row of rows) for (const key of new Set(keysOf(row))) byKey.set(key, [...(byKey.get(key) ?? []), row]);
  return [...byKey]
    .map(([key, members]) => ({ key, incidents: members.length, ...stats(members) }))
    .sort((a, b) => b.incidents - a.incidents || a.key.localeCompare(b.key));
}

/**
 * The incident's timeline, assembled from what tocsin recorded rather than from memory: the first
 * failed check of each monitor, the pages sent and delivered (and to which channel), escalation
 * steps, acknowledgements and by whom, recoveries, status-page updates, and what people did on the
 * record (state changes, notes). The times of detection, acknowledgement and recovery are derived
 * from it. Pure: the service gathers the sources from the store.
 */
import type { ResponseIncident } from './types.js';

export type IncidentEventKind =
  'opened' | 'joined' | 'recovered' | 'state' | 'note' | 'severity' | 'commander' | 'participant' | 'link' | 'post' | 'postmortem' | 'action';

/** What the incident record itself stored, as it happened. */
export interface IncidentEvent {
  id: string;
  at: number;
  kind: IncidentEventKind;
  /** Who did it; null when tocsin did. */
  by: string | null;
  monitorId: string | null;
  text: string;
}

export interface FirstFailure {
  monitorId: string;
  at: number;
  message: string;
}

export type NotificationKind = 'problem' | 'reminder' | 'acknowledged' | 'recovery' | 'other';

export interface SentNotification {
  monitorId: string;
  channel: string;
  kind: NotificationKind;
  /** Escalation step of a problem page: 0 on confirmation, later steps when nobody acknowledged. */
  step: number;
  state: string;
  createdAt: number;
  deliveredAt: number | null;
  /** Given up after its retries. */
  deadAt: number | null;
  lastError: string | null;
}

export interface Acknowledgement {
  monitorId: string;
  at: number;
  by: string;
}

export interface PostUpdateFact {
  page: string;
  status: string;
  body: string;
  at: number;
}

export interface TimelineSources {
  incident: ResponseIncident;
  events: readonly IncidentEvent[];
  failures: readonly FirstFailure[];
  notifications: readonly SentNotification[];
  acks: readonly Acknowledgement[];
  postUpdates: readonly PostUpdateFact[];
}

export type TimelineKind =
  'failure' | 'page' | 'notified' | 'escalation' | 'delivered' | 'undelivered' | 'acknowledged' | 'recovered' | 'status-page' | IncidentEventKind;

export interface TimelineEntry {
  at: number;
  kind: TimelineKind;
  text: string;
  by?: string;
  monitor?: string;
  channel?: string;
}

export interface IncidentTimes {
  /** The first failed check of any of its monitors; the opening itself for an incident opened by hand with no alerts. */
  startedAt: number;
  /** The first page sent; the opening when nothing paged. */
  detectedAt: number;
  /** The first acknowledgement of one of its alerts, or failing that the first thing a person did on the record. */
  acknowledgedAt: number | null;
  /** When the last of its monitors came back up; the resolution when it has no monitors. */
  recoveredAt: number | null;
  resolvedAt: number | null;
  toDetectMs: number;
  toAcknowledgeMs: number | null;
  toRecoverMs: number | null;
}

export function buildTimeline(sources: TimelineSources): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  for (const f of sources.failures)
    entries.push({ at: f.at, kind: 'failure', monitor: f.monitorId, text: `first failed check of ${f.monitorId}: ${f.message}` });
  for (const n of sources.notifications) entries.push(...notificationEntries(n));
  for (const a of sources.acks)
    entries.push({ at: a.at, kind: 'acknowledged', monitor: a.monitorId, by: a.by, text: `${a.monitorId} acknowledged by ${a.by}` });
  for (const u of sources.postUpdates)
    entries.push({ at: u.at, kind: 'status-page', text: `status page "${u.page}" updated (${u.status}): ${firstLine(u.body)}` });
  for (const e of sources.events) entries.push(eventEntry(e));
  // Same instant: the cause before its effects, in the order the kinds are listed.
  return entries.sort((a, b) => a.at - b.at || ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind));
}

const ORDER: readonly TimelineKind[] = [
  'failure',
  'opened',
  'joined',
  'page',
  'escalation',
  'notified',
  'delivered',
  'undelivered',
  'acknowledged',
  'severity',
  'commander',
  'participant',
  'state',
  'note',
  'link',
  'post',
  'status-page',
  'recovered',
  'action',
  'postmortem',
];

function notificationEntries(n: SentNotification): TimelineEntry[] {
  const about = { monitor: n.monitorId, channel: n.channel };
  const what =
    n.kind === 'problem'
      ? n.step > 0
        ? `escalation step ${n.step}: ${n.monitorId} ${n.state} paged to ${n.channel}`
        : `${n.monitorId} ${n.state}: paged ${n.channel}`
      : n.kind === 'reminder'
        ? `reminder that ${n.monitorId} is ${n.state} sent to ${n.channel}`
        : n.kind === 'acknowledged'
          ? `${n.channel} told that ${n.monitorId} was acknowledged`
          : n.kind === 'recovery'
            ? `${n.channel} told that ${n.monitorId} recovered`
            : `${n.monitorId}: ${n.state} sent to ${n.channel}`;
  const sent: TimelineEntry = { at: n.createdAt, kind: n.kind === 'problem' ? (n.step > 0 ? 'escalation' : 'page') : 'notified', text: what, ...about };
  const out = [sent];
  if (n.deliveredAt !== null) out.push({ at: n.deliveredAt, kind: 'delivered', text: `delivered to ${n.channel} (${deliveryOf(n)})`, ...about });
  else if (n.deadAt !== null)
    out.push({ at: n.deadAt, kind: 'undelivered', text: `${n.channel} could not be reached: ${n.lastError ?? 'gave up after retries'}`, ...about });
  return out;
}

function deliveryOf(n: SentNotification): string {
  return n.kind === 'problem' ? `${n.monitorId} ${n.state}` : n.kind;
}

function eventEntry(e: IncidentEvent): TimelineEntry {
  return { at: e.at, kind: e.kind, text: e.text, ...(e.by !== null && { by: e.by }), ...(e.monitorId !== null && { monitor: e.monitorId }) };
}

function firstLine(text: string): string {
  const line = text.split('\n').find((l) => l.trim()) ?? '';
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}

const HUMAN_RESPONSE: ReadonlySet<IncidentEventKind> = new Set(['state', 'note', 'commander', 'participant', 'severity', 'link', 'post']);

export function deriveTimes(sources: TimelineSources): IncidentTimes {
  const { incident } = sources;
  const startedAt = min(sources.failures.map((f) => f.at)) ?? incident.openedAt;
  const detectedAt = min(sources.notifications.filter((n) => n.kind === 'problem').map((n) => n.createdAt)) ?? Math.max(incident.openedAt, startedAt);
  const acknowledgedAt =
    min(sources.acks.map((a) => a.at)) ?? min(sources.events.filter((e) => e.by !== null && HUMAN_RESPONSE.has(e.kind)).map((e) => e.at)) ?? null;
  const recoveredAt = recovery(sources);
  return {
    startedAt,
    detectedAt,
    acknowledgedAt,
    recoveredAt,
    resolvedAt: incident.resolvedAt,
    toDetectMs: detectedAt - startedAt,
    toAcknowledgeMs: acknowledgedAt === null ? null : Math.max(0, acknowledgedAt - detectedAt),
    toRecoverMs: recoveredAt === null ? null : recoveredAt - startedAt,
  };
}

/** Every monitor must be back: the latest recovery after each one's latest alert. */
function recovery({ incident, events }: TimelineSources): number | null {
  if (incident.monitors.length === 0) return incident.resolvedAt;
  let latest = 0;
  for (const monitor of incident.monitors) {
    const mine = events.filter((e) => e.monitorId === monitor);
    const lastAlert = max(mine.filter((e) => e.kind === 'opened' || e.kind === 'joined').map((e) => e.at)) ?? incident.openedAt;
    const back = min(mine.filter((e) => e.kind === 'recovered' && e.at >= lastAlert).map((e) => e.at));
    if (back === undefined) return incident.resolvedAt;
    latest = Math.max(latest, back);
  }
  return latest;
}

function min(values: readonly number[]): number | undefined {
  return values.length === 0 ? undefined : Math.min(...values);
}

function max(values: readonly number[]): number | undefined {
  return values.length === 0 ? undefined : Math.max(...values);
}

/**
 * What an incident's timeline is built from, read from what tocsin already stores: the results
 * (first failed check), the outbox (pages, deliveries, escalation steps, recovery notices), the
 * audit log (acknowledgements and by whom) and the linked status-page posts. Once the incident is
 * resolved the facts are kept on it, because retention later prunes results and the outbox.
 */
import { z } from 'zod';
import type { FirstFailure, NotificationKind, PostUpdateFact, SentNotification, Acknowledgement, TimelineSources } from '../core/incident/timeline.js';
import type { ResponseIncident } from '../core/incident/types.js';
import type { AuditLogTable } from '../store/audit.js';
import { listPostsById } from '../store/incidents.js';
import { firstFailureAfterLastUp } from '../store/results.js';
import { withOutbox } from '../store/outbox.js';
import { eventsOf, getFacts, saveFacts } from '../store/response-incidents.js';
import type { Db } from '../store/schema.js';
import { decodeStoredJson } from '../store/stored-json.js';

/** How far before an incident's first alert tocsin looks for the run of failures that led to it. */
const LOOKBACK_MS = 7 * 86_400_000;
/** After resolution, recovery notices and late deliveries still belong to the incident. */
const AFTER_RESOLUTION_MS = 3_600_000;
/** Bounds on what one timeline reads. */
const MAX_ROWS = 2000;

type Facts = Omit<TimelineSources, 'incident' | 'events'>;

const at = z.number();
const factsSchema: z.ZodType<Facts> = z.object({
  failures: z.array(z.object({ monitorId: z.string(), at, message: z.string() })),
  notifications: z.array(
    z.object({
      monitorId: z.string(),
      channel: z.string(),
      kind: z.enum(['problem', 'reminder', 'acknowledged', 'recovery', 'other']),
      step: z.number(),
      state: z.string(),
      createdAt: at,
      deliveredAt: at.nullable(),
      deadAt: at.nullable(),
      lastError: z.string().nullable(),
    }),
  ),
  acks: z.array(z.object({ monitorId: z.string(), at, by: z.string() })),
  postUpdates: z.array(z.object({ page: z.string(), status: z.string(), body: z.string(), at })),
});

export async function timelineSources(db: Db, incident: ResponseIncident, now: number): Promise<TimelineSources> {
  const events = await eventsOf(db, incident.id);
  const kept = incident.state === 'resolved' ? await getFacts(db, incident.id) : null;
  // Kept at resolution; a kept copy that does not read is gathered again from what the store still holds.
  const decoded = kept ? decodeStoredJson(factsSchema, kept) : undefined;
  const facts = decoded?.ok ? decoded.value : await gatherFacts(db, incident, events, now);
  return { incident, events, ...facts };
}

/** Keeps the facts as they are now: called when the incident resolves. */
export async function keepFacts(db: Db, incident: ResponseIncident, now: number): Promise<void> {
  const facts = await gatherFacts(db, incident, await eventsOf(db, incident.id), now);
  await saveFacts(db, incident.id, JSON.stringify(facts));
}

async function gatherFacts(db: Db, incident: ResponseIncident, events: TimelineSources['events'], now: number): Promise<Facts> {
  const alertAt = (monitor: string) => events.find((e) => e.monitorId === monitor && (e.kind === 'opened' || e.kind === 'joined'))?.at ?? incident.openedAt;
  const failures: FirstFailure[] = [];
  for (const monitor of incident.monitors) {
    const failure = await firstFailure(db, monitor, alertAt(monitor));
    if (failure) failures.push(failure);
  }
  const from = Math.min(incident.openedAt, ...failures.map((f) => f.at));
  const to = incident.resolvedAt === null ? now + 1 : Math.max(incident.resolvedAt, ...events.map((e) => e.at)) + AFTER_RESOLUTION_MS;
  return {
    failures,
    notifications: await notifications(db, incident.monitors, from, to),
    acks: await acknowledgements(db, incident.monitors, from, to),
    postUpdates: await postUpdates(db, incident.posts),
  };
}

/** The first failed result after the last success before the alert (within the lookback). */
async function firstFailure(db: Db, monitorId: string, alertAt: number): Promise<FirstFailure | undefined> {
  const failure = await firstFailureAfterLastUp(db, monitorId, alertAt - LOOKBACK_MS, alertAt);
  return failure && { monitorId, ...failure };
}

const KIND: Record<string, NotificationKind> = {
  'monitor.down': 'problem',
  'monitor.degraded': 'problem',
  'monitor.unknown': 'problem',
  'monitor.reminder': 'reminder',
  'monitor.acknowledged': 'acknowledged',
  'monitor.up': 'recovery',
};

async function notifications(db: Db, monitors: readonly string[], from: number, to: number): Promise<SentNotification[]> {
  if (monitors.length === 0) return [];
  const rows = await withOutbox(db)
    .selectFrom('outbox')
    .select(['monitor_id', 'channel', 'event', 'dedup_key', 'payload', 'created_at', 'delivered_at', 'dead_at', 'last_error'])
    .where('monitor_id', 'in', [...monitors])
    .where('created_at', '>=', from)
    .where('created_at', '<', to)
    .orderBy('created_at', 'asc')
    .limit(MAX_ROWS)
    .execute();
  return rows.map((r) => ({
    monitorId: r.monitor_id,
    channel: r.channel,
    kind: KIND[r.event] ?? 'other',
    step: stepOf(r.dedup_key),
    state: stateOf(r.payload),
    createdAt: Number(r.created_at),
    deliveredAt: r.delivered_at === null ? null : Number(r.delivered_at),
    deadAt: r.dead_at === null ? null : Number(r.dead_at),
    lastError: r.last_error,
  }));
}

/** Stored keys read `<monitor>|<episode>:monitor.down:<step>|<channel>` (core/alert/escalation.ts). */
function stepOf(dedupKey: string): number {
  const match = /:monitor\.down:(\d+)\|/.exec(dedupKey);
  return match ? Number(match[1]) : 0;
}

function stateOf(payload: string): string {
  try {
    const state = (JSON.parse(payload) as { state?: unknown }).state;
    return typeof state === 'string' ? state : 'unknown';
  } catch {
    return 'unknown';
  }
}

async function acknowledgements(db: Db, monitors: readonly string[], from: number, to: number): Promise<Acknowledgement[]> {
  if (monitors.length === 0) return [];
  const rows = await db
    .withTables<{ audit_log: AuditLogTable }>()
    .selectFrom('audit_log')
    .select(['at', 'target', 'after', 'actor_label'])
    .where('action', '=', 'monitor.acknowledge')
    .where(
      'target',
      'in',
      monitors.map((m) => `monitor ${m}`),
    )
    .where('at', '>=', from)
    .where('at', '<', to)
    .orderBy('at', 'asc')
    .limit(MAX_ROWS)
    .execute();
  return rows.map((r) => ({ monitorId: r.target.slice('monitor '.length), at: Number(r.at), by: ackedBy(r.after) ?? r.actor_label }));
}

function ackedBy(after: string | null): string | undefined {
  try {
    const by = (JSON.parse(after ?? 'null') as { by?: unknown } | null)?.by;
    return typeof by === 'string' ? by : undefined;
  } catch {
    return undefined;
  }
}

/** Only the updates are read: a post whose components do not decode still gives them (an incident resolves past it). */
async function postUpdates(db: Db, posts: readonly string[]): Promise<PostUpdateFact[]> {
  return (await listPostsById(db, posts)).flatMap((post) => post.updates.map((u) => ({ page: post.page, status: u.status, body: u.body, at: Number(u.at) })));
}

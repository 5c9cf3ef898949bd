/**
 * The writers of response incidents (core/incident/types.ts says how they relate to status-page
 * posts): open one by hand or from an alert, change its fields and state, add notes, settle its
 * post-mortem, manage its action items. Each validates, writes the incident, its event and the
 * audit entry in one transaction, and returns the stored incident. The API, the CLI and the alert
 * hook (incident-auto.ts) all come through here.
 */
import { randomUUID } from 'node:crypto';
import type { IncidentEvent, IncidentEventKind } from '../core/incident/timeline.js';
import {
  ANALYSIS_FIELDS,
  INCIDENT_STATES,
  SEVERITIES,
  severityName,
  type Analysis,
  type IncidentLink,
  type IncidentState,
  type PostmortemState,
  type ResponseIncident,
  type Severity,
} from '../core/incident/types.js';
import { TocsinError } from '../lib/errors.js';
import { countEvents, getIncident, insertEvent, insertIncident, saveIncident } from '../store/response-incidents.js';
import type { Db } from '../store/schema.js';
import { inTransaction } from '../store/tx.js';
import { recordAudit, type AuditActor } from './audit.js';
import { keepFacts } from './incident-facts.js';

export const LIMITS = { title: 200, note: 10_000, name: 100, people: 50, links: 50, url: 2000, monitors: 500, components: 100, events: 5000, analysis: 20_000 };

export interface IncidentContext {
  db: Db;
  now: number;
  actor: AuditActor;
}

export interface OpenByHand {
  title: string;
  severity: Severity;
  commander?: string;
  components?: string[];
  summary?: string;
}

export async function openByHand(ctx: IncidentContext, input: OpenByHand): Promise<ResponseIncident> {
  const title = text('title', input.title, LIMITS.title);
  const severity = severityOf(input.severity);
  const components = list('components', input.components ?? [], LIMITS.components);
  const by = ctx.actor.label;
  const incident = fresh(ctx.now, {
    title,
    severity,
    openedBy: by,
    commander: input.commander ? text('commander', input.commander, LIMITS.name) : null,
    components,
  });
  if (input.summary !== undefined) incident.analysis.summary = text('summary', input.summary, LIMITS.analysis);
  return write(ctx, incident, 'incident.open', async (trx) => {
    await insertIncident(trx, incident);
    await event(trx, incident.id, ctx.now, 'opened', by, null, `opened by ${by} as ${severityName(severity)}: ${title}`);
  });
}

/** Opened by an alert: tocsin is the actor, and the monitor's alert is its first event. */
export async function openFromAlert(
  db: Db,
  now: number,
  alert: { id: string; monitorId: string; status: string; title: string; severity: Severity },
): Promise<ResponseIncident> {
  const incident = {
    ...fresh(now, { title: alert.title.slice(0, LIMITS.title), severity: alert.severity, openedBy: 'auto', commander: null, components: [] }),
    id: alert.id,
  };
  incident.monitors = [alert.monitorId];
  return write({ db, now, actor: { kind: 'system', label: 'tocsin' } }, incident, 'incident.open', async (trx) => {
    await insertIncident(trx, incident);
    await event(trx, incident.id, now, 'opened', null, alert.monitorId, `opened by the alert on ${alert.monitorId} (${alert.status})`);
  });
}

/** Another alert joins; a monitor already in it (a relapse) is recorded without being listed twice. */
/** False when the incident was resolved meanwhile (by hand, elsewhere): the caller opens a new one. */
export async function joinFromAlert(db: Db, now: number, id: string, alert: { monitorId: string; status: string }): Promise<boolean> {
  const incident = await mustGet(db, id);
  if (incident.state === 'resolved') return false;
  const known = incident.monitors.includes(alert.monitorId);
  if (!known && incident.monitors.length >= LIMITS.monitors) return true;
  const next = { ...incident, monitors: known ? incident.monitors : [...incident.monitors, alert.monitorId], updatedAt: now };
  await inTransaction(db, async (trx) => {
    await saveIncident(trx, next);
    await event(
      trx,
      id,
      now,
      'joined',
      null,
      alert.monitorId,
      known ? `${alert.monitorId} failed again (${alert.status})` : `${alert.monitorId} (${alert.status}) joined`,
    );
  });
  return true;
}

export function newIncidentId(): string {
  return `inc_${randomUUID()}`;
}

export async function recordRecovery(db: Db, now: number, id: string, monitorId: string): Promise<void> {
  await inTransaction(db, (trx) => event(trx, id, now, 'recovered', null, monitorId, `${monitorId} is up again`));
}

export interface IncidentChange {
  title?: string;
  severity?: Severity;
  state?: IncidentState;
  commander?: string | null;
  addParticipants?: string[];
  addLinks?: IncidentLink[];
  components?: string[];
  addPosts?: string[];
  analysis?: Analysis;
}

/** Each changed field is one event on the timeline; resolving keeps the facts the timeline was built from. */
export async function changeIncident(ctx: IncidentContext, id: string, change: IncidentChange): Promise<ResponseIncident> {
  const before = await mustGet(ctx.db, id);
  const next: ResponseIncident = { ...before, analysis: { ...before.analysis }, updatedAt: ctx.now };
  const said: Array<[IncidentEventKind, string]> = [];
  const by = ctx.actor.label;
  if (change.state !== undefined && change.state !== before.state) {
    if (!INCIDENT_STATES.includes(change.state)) throw invalid('state', `unknown state "${String(change.state)}"`, INCIDENT_STATES.join(', '));
    if (before.state === 'resolved') throw new TocsinError('conflict', `incident ${id} is resolved; open a new one`);
    next.state = change.state;
    if (change.state === 'resolved') next.resolvedAt = ctx.now;
    said.push(['state', `${before.state} → ${change.state}`]);
  }
  if (change.title !== undefined) {
    next.title = text('title', change.title, LIMITS.title);
    if (next.title !== before.title) said.push(['state', `title changed to "${next.title}"`]);
  }
  if (change.severity !== undefined && change.severity !== before.severity) {
    next.severity = severityOf(change.severity);
    said.push(['severity', `${severityName(before.severity)} → ${severityName(next.severity)}`]);
  }
  if (change.commander !== undefined && change.commander !== before.commander) {
    next.commander = change.commander === null ? null : text('commander', change.commander, LIMITS.name);
    said.push(['commander', next.commander === null ? 'no commander' : `${next.commander} is the incident commander`]);
  }
  for (const person of change.addParticipants ?? []) {
    const name = text('participants', person, LIMITS.name);
    if (next.participants.includes(name)) continue;
    if (next.participants.length >= LIMITS.people) throw invalid('participants', `at most ${LIMITS.people} participants`);
    next.participants = [...next.participants, name];
    said.push(['participant', `${name} joined the response`]);
  }
  for (const link of change.addLinks ?? []) {
    const label = text('links.label', link.label, LIMITS.name);
    const url = httpUrl(link.url);
    if (next.links.length >= LIMITS.links) throw invalid('links', `at most ${LIMITS.links} links`);
    next.links = [...next.links, { label, url }];
    said.push(['link', `link added: ${label} ${url}`]);
  }
  if (change.components !== undefined) {
    next.components = list('components', change.components, LIMITS.components);
    said.push(['state', `affected components: ${next.components.join(', ') || 'none'}`]);
  }
  for (const post of change.addPosts ?? []) {
    if (next.posts.includes(post)) continue;
    next.posts = [...next.posts, text('posts', post, LIMITS.name)];
    said.push(['post', `status page post ${post} linked`]);
  }
  for (const [field, value] of Object.entries(change.analysis ?? {})) {
    if (!(ANALYSIS_FIELDS as readonly string[]).includes(field)) throw invalid(`analysis.${field}`, 'not a section people write', ANALYSIS_FIELDS.join(', '));
    next.analysis[field as keyof Analysis] = value === '' ? undefined : text(`analysis.${field}`, value, LIMITS.analysis);
  }
  return write(
    ctx,
    next,
    'incident.update',
    async (trx) => {
      await saveIncident(trx, next);
      for (const [kind, what] of said) await event(trx, id, ctx.now, kind, by, null, what);
      if (next.state === 'resolved' && before.state !== 'resolved') await keepFacts(trx, next, ctx.now);
    },
    before,
  );
}

export async function addNote(ctx: IncidentContext, id: string, note: string): Promise<ResponseIncident> {
  const incident = await mustGet(ctx.db, id);
  const body = text('note', note, LIMITS.note);
  const next = { ...incident, updatedAt: ctx.now };
  return write(ctx, next, 'incident.note', async (trx) => {
    await saveIncident(trx, next);
    await event(trx, id, ctx.now, 'note', ctx.actor.label, null, body);
  });
}

/** Publishing or waiving the post-mortem is what closes a resolved incident. */
export async function settlePostmortem(
  ctx: IncidentContext,
  id: string,
  state: Exclude<PostmortemState, 'pending'>,
  reason?: string,
): Promise<ResponseIncident> {
  const incident = await mustGet(ctx.db, id);
  if (incident.state !== 'resolved') throw new TocsinError('conflict', `incident ${id} is ${incident.state}: resolve it before its post-mortem is ${state}`);
  if (state === 'waived' && !reason?.trim()) throw invalid('reason', 'say why the post-mortem is waived');
  const next = { ...incident, postmortem: state, postmortemAt: ctx.now, updatedAt: ctx.now };
  const what = state === 'published' ? 'post-mortem published' : `post-mortem waived: ${text('reason', reason ?? '', LIMITS.note)}`;
  return write(
    ctx,
    next,
    `incident.postmortem.${state}`,
    async (trx) => {
      await saveIncident(trx, next);
      await event(trx, id, ctx.now, 'postmortem', ctx.actor.label, null, what);
    },
    incident,
  );
}

/** For the action items' verbs: an incident event in the caller's transaction. */
export async function event(
  trx: Db,
  incidentId: string,
  at: number,
  kind: IncidentEventKind,
  by: string | null,
  monitorId: string | null,
  what: string,
): Promise<void> {
  // The record stays bounded whatever loops write to it; the last slot says so.
  const count = await countEvents(trx, incidentId);
  if (count >= LIMITS.events) return;
  const entry: IncidentEvent =
    count === LIMITS.events - 1
      ? { id: eventId(), at, kind: 'note', by: null, monitorId: null, text: `more than ${LIMITS.events} events: later ones are not recorded` }
      : { id: eventId(), at, kind, by, monitorId, text: what };
  await insertEvent(trx, incidentId, entry);
}

/** Events of one millisecond keep the order they were written in (ids sort second, after `at`). */
function eventId(): string {
  return `evt_${process.hrtime.bigint().toString().padStart(20, '0')}_${randomUUID().slice(0, 8)}`;
}

export async function mustGet(db: Db, id: string): Promise<ResponseIncident> {
  const incident = await getIncident(db, id);
  if (!incident) throw new TocsinError('not_found', `no incident "${id}"; see tocsin incident list`);
  return incident;
}

function fresh(now: number, fields: Pick<ResponseIncident, 'title' | 'severity' | 'openedBy' | 'commander' | 'components'>): ResponseIncident {
  return {
    id: newIncidentId(),
    ...fields,
    state: 'investigating',
    participants: [],
    links: [],
    monitors: [],
    posts: [],
    analysis: {},
    openedAt: now,
    resolvedAt: null,
    postmortem: 'pending',
    postmortemAt: null,
    updatedAt: now,
  };
}

async function write(
  ctx: IncidentContext,
  incident: ResponseIncident,
  action: string,
  work: (trx: Db) => Promise<void>,
  before?: ResponseIncident,
): Promise<ResponseIncident> {
  await inTransaction(ctx.db, async (trx) => {
    await work(trx);
    await recordAudit(trx, { actor: ctx.actor, action, target: `incident ${incident.id}`, before: before ?? null, after: incident, at: ctx.now });
  });
  return mustGet(ctx.db, incident.id);
}

function severityOf(value: unknown): Severity {
  const n = typeof value === 'string' ? Number(value.replace(/^sev/i, '')) : value;
  if (!SEVERITIES.includes(n as Severity)) throw invalid('severity', `unknown severity "${String(value)}"`, '1, 2, 3 or 4 (SEV1 is the worst)');
  return n as Severity;
}

export function text(field: string, value: string, max: number): string {
  const trimmed = value.trim();
  if (!trimmed) throw invalid(field, `${field} must not be empty`);
  if (trimmed.length > max) throw invalid(field, `${field} is longer than ${max} characters`);
  return trimmed;
}

function list(field: string, values: readonly string[], max: number): string[] {
  if (values.length > max) throw invalid(field, `at most ${max} ${field}`);
  return [...new Set(values.map((v) => text(field, v, LIMITS.name)))];
}

export function httpUrl(value: string): string {
  const url = text('url', value, LIMITS.url);
  if (!/^https?:\/\/[^\s]+$/i.test(url)) throw invalid('url', `"${url.slice(0, 100)}" is not an http(s) URL`, 'https://…');
  return url;
}

function invalid(field: string, message: string, expected?: string): TocsinError {
  return new TocsinError('invalid_input', message, { field, ...(expected !== undefined && { expected }) });
}

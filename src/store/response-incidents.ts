/** Response incidents, their events and action items (migrations 0028, 0029). Repositories only: services decide. */
import type { Kysely, Selectable } from 'kysely';
import { z } from 'zod';
import type { IncidentEvent, IncidentEventKind } from '../core/incident/timeline.js';
import { ANALYSIS_FIELDS } from '../core/incident/types.js';
import type {
  ActionItem,
  ActionItemState,
  Analysis,
  IncidentLink,
  IncidentState,
  PostmortemState,
  ResponseIncident,
  Severity,
} from '../core/incident/types.js';
import type { Database, Db } from './schema.js';
import { storedJson, storedJsonOr, storedStrings, type DamagedPart } from './stored-json.js';

export interface ResponseIncidentsTable {
  id: string;
  title: string;
  severity: number;
  state: IncidentState;
  commander: string | null;
  participants: string;
  links: string;
  monitors: string;
  components: string;
  posts: string;
  analysis: string;
  opened_by: string;
  opened_at: number;
  resolved_at: number | null;
  postmortem: PostmortemState;
  postmortem_at: number | null;
  facts: string | null;
  updated_at: number;
}

export interface ResponseIncidentEventsTable {
  id: string;
  incident_id: string;
  at: number;
  kind: string;
  actor: string | null;
  monitor_id: string | null;
  text: string;
}

export interface ActionItemsTable {
  id: string;
  incident_id: string;
  title: string;
  owner: string | null;
  due_at: number | null;
  state: ActionItemState;
  link: string | null;
  created_at: number;
  updated_at: number;
}

type Tables = { response_incidents: ResponseIncidentsTable; response_incident_events: ResponseIncidentEventsTable; action_items: ActionItemsTable };

function tables(db: Db): Kysely<Database & Tables> {
  return db.withTables<Tables>();
}

export async function insertIncident(db: Db, incident: ResponseIncident): Promise<void> {
  await tables(db)
    .insertInto('response_incidents')
    .values({ ...toRecord(incident), facts: null })
    .execute();
}

export async function saveIncident(db: Db, incident: ResponseIncident): Promise<void> {
  const { id, ...rest } = toRecord(incident);
  await tables(db).updateTable('response_incidents').set(rest).where('id', '=', id).execute();
}

/** The facts the timeline was built from, kept once the incident resolves (JSON; the service owns its shape). */
export async function saveFacts(db: Db, id: string, facts: string): Promise<void> {
  await tables(db).updateTable('response_incidents').set({ facts }).where('id', '=', id).execute();
}

export async function getFacts(db: Db, id: string): Promise<string | null> {
  const row = await tables(db).selectFrom('response_incidents').select('facts').where('id', '=', id).executeTakeFirst();
  return row?.facts ?? null;
}

export async function getIncident(db: Db, id: string): Promise<ResponseIncident | undefined> {
  const row = await tables(db).selectFrom('response_incidents').selectAll().where('id', '=', id).executeTakeFirst();
  return row && fromRecord(row);
}

export interface IncidentQuery {
  /** Only those not resolved. */
  unresolved?: boolean;
  /** Opened at or after. */
  since?: number;
  limit: number;
}

/** Newest first. */
export async function listIncidents(db: Db, query: IncidentQuery): Promise<ResponseIncident[]> {
  let select = tables(db).selectFrom('response_incidents').selectAll();
  if (query.unresolved) select = select.where('state', '!=', 'resolved');
  if (query.since !== undefined) select = select.where('opened_at', '>=', query.since);
  const rows = await select.orderBy('opened_at', 'desc').orderBy('id', 'desc').limit(query.limit).execute();
  return rows.map(listed);
}

/** Resolved incidents whose post-mortem is neither published nor waived: not closed yet. */
export async function awaitingPostmortem(db: Db, limit: number): Promise<ResponseIncident[]> {
  const rows = await tables(db)
    .selectFrom('response_incidents')
    .selectAll()
    .where('state', '=', 'resolved')
    .where('postmortem', '=', 'pending')
    .orderBy('resolved_at', 'asc')
    .limit(limit)
    .execute();
  return rows.map(listed);
}

export async function insertEvent(db: Db, incidentId: string, event: IncidentEvent): Promise<void> {
  await tables(db)
    .insertInto('response_incident_events')
    .values({ id: event.id, incident_id: incidentId, at: event.at, kind: event.kind, actor: event.by, monitor_id: event.monitorId, text: event.text })
    .execute();
}

/** Oldest first; an incident's record is bounded by the service (MAX_EVENTS). */
export async function eventsOf(db: Db, incidentId: string): Promise<IncidentEvent[]> {
  const rows = await tables(db)
    .selectFrom('response_incident_events')
    .selectAll()
    .where('incident_id', '=', incidentId)
    .orderBy('at', 'asc')
    .orderBy('id', 'asc')
    .execute();
  return rows.map((r) => ({ id: r.id, at: Number(r.at), kind: r.kind as IncidentEventKind, by: r.actor, monitorId: r.monitor_id, text: r.text }));
}

export async function countEvents(db: Db, incidentId: string): Promise<number> {
  const row = await tables(db)
    .selectFrom('response_incident_events')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('incident_id', '=', incidentId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function insertActionItem(db: Db, item: ActionItem): Promise<void> {
  await tables(db).insertInto('action_items').values(itemRecord(item)).execute();
}

export async function saveActionItem(db: Db, item: ActionItem): Promise<void> {
  const { id, ...rest } = itemRecord(item);
  await tables(db).updateTable('action_items').set(rest).where('id', '=', id).execute();
}

export async function getActionItem(db: Db, id: string): Promise<ActionItem | undefined> {
  const row = await tables(db).selectFrom('action_items').selectAll().where('id', '=', id).executeTakeFirst();
  return row && itemFromRecord(row);
}

export async function actionItemsOf(db: Db, incidentIds: readonly string[]): Promise<ActionItem[]> {
  if (incidentIds.length === 0) return [];
  const rows = await tables(db)
    .selectFrom('action_items')
    .selectAll()
    .where('incident_id', 'in', [...incidentIds])
    .orderBy('created_at', 'asc')
    .orderBy('id', 'asc')
    .execute();
  return rows.map(itemFromRecord);
}

/** Open items due before `now`, the most overdue first. */
export async function overdueActionItems(db: Db, now: number, limit: number): Promise<ActionItem[]> {
  const rows = await tables(db)
    .selectFrom('action_items')
    .selectAll()
    .where('state', '=', 'open')
    .where('due_at', '<', now)
    .orderBy('due_at', 'asc')
    .limit(limit)
    .execute();
  return rows.map(itemFromRecord);
}

function toRecord(i: ResponseIncident): Omit<Selectable<ResponseIncidentsTable>, 'facts'> {
  return {
    id: i.id,
    title: i.title,
    severity: i.severity,
    state: i.state,
    commander: i.commander,
    participants: JSON.stringify(i.participants),
    links: JSON.stringify(i.links),
    monitors: JSON.stringify(i.monitors),
    components: JSON.stringify(i.components),
    posts: JSON.stringify(i.posts),
    analysis: JSON.stringify(i.analysis),
    opened_by: i.openedBy,
    opened_at: i.openedAt,
    resolved_at: i.resolvedAt,
    postmortem: i.postmortem,
    postmortem_at: i.postmortemAt,
    updated_at: i.updatedAt,
  };
}

const storedLinks = z.array(z.object({ label: z.string().max(10_000), url: z.string().max(10_000) })).max(10_000);
const storedAnalysis = z.partialRecord(z.enum(ANALYSIS_FIELDS), z.string().max(1_000_000));

// Timestamps may come back as strings from drivers that read bigint as text.
const time = (v: number | null) => (v === null ? null : Number(v));

type Row = Omit<Selectable<ResponseIncidentsTable>, 'facts'>;

/**
 * One incident read to be changed: a column that does not decode throws, naming the incident and the
 * column, so no write stores the stand-in a list shows in its place.
 */
function fromRecord(r: Row): ResponseIncident {
  return decodeRow(r, (schema, text, field) => storedJson(schema, text, `response incident ${r.id} ${field}`));
}

/** A row of a list: a column that does not decode is left out (empty) and marked in `damaged`, so the list still answers. */
function listed(r: Row): ResponseIncident {
  const damaged: DamagedPart[] = [];
  const incident = decodeRow(r, (schema, text, field, fallback) => storedJsonOr(schema, text, fallback, field, damaged));
  return damaged.length > 0 ? { ...incident, damaged } : incident;
}

type Column = <T>(schema: z.ZodType<T>, text: string, field: string, fallback: T) => T;

function decodeRow(r: Row, column: Column): ResponseIncident {
  return {
    id: r.id,
    title: r.title,
    severity: Number(r.severity) as Severity,
    state: r.state,
    commander: r.commander,
    participants: column(storedStrings, r.participants, 'participants', []),
    links: column<IncidentLink[]>(storedLinks, r.links, 'links', []),
    monitors: column(storedStrings, r.monitors, 'monitors', []),
    components: column(storedStrings, r.components, 'components', []),
    posts: column(storedStrings, r.posts, 'posts', []),
    analysis: column<Analysis>(storedAnalysis, r.analysis, 'analysis', {}),
    openedBy: r.opened_by,
    openedAt: Number(r.opened_at),
    resolvedAt: time(r.resolved_at),
    postmortem: r.postmortem,
    postmortemAt: time(r.postmortem_at),
    updatedAt: Number(r.updated_at),
  };
}

function itemRecord(i: ActionItem): Selectable<ActionItemsTable> {
  return {
    id: i.id,
    incident_id: i.incidentId,
    title: i.title,
    owner: i.owner,
    due_at: i.dueAt,
    state: i.state,
    link: i.link,
    created_at: i.createdAt,
    updated_at: i.updatedAt,
  };
}

function itemFromRecord(r: Selectable<ActionItemsTable>): ActionItem {
  return {
    id: r.id,
    incidentId: r.incident_id,
    title: r.title,
    owner: r.owner,
    dueAt: time(r.due_at),
    state: r.state,
    link: r.link,
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  };
}

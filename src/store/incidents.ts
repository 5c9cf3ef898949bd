/** Incident and maintenance posts shown on status pages, and their timelines of updates. */
import type { Kysely, Selectable } from 'kysely';
import type { Impact } from '../core/status-page.js';
import type { Database, Db } from './schema.js';
import { storedJson, storedJsonOr, storedStrings, type DamagedPart } from './stored-json.js';

export type PostKind = 'incident' | 'maintenance';
export type IncidentStatus = 'investigating' | 'identified' | 'monitoring' | 'resolved';
export type MaintenanceStatus = 'scheduled' | 'in_progress' | 'completed';
export type PostStatus = IncidentStatus | MaintenanceStatus;

export interface IncidentsTable {
  id: string;
  page: string;
  kind: PostKind;
  title: string;
  impact: Impact;
  status: PostStatus;
  /** JSON array of component names. */
  components: string;
  starts_at: number;
  ends_at: number | null;
  resolved_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface IncidentUpdatesTable {
  id: string;
  incident_id: string;
  status: PostStatus;
  body: string;
  at: number;
}

export type IncidentTables = {
  incidents: IncidentsTable;
  incident_updates: IncidentUpdatesTable;
};

export interface PostUpdate {
  id: string;
  status: PostStatus;
  /** Markdown. */
  body: string;
  at: number;
}

export interface Post {
  id: string;
  page: string;
  kind: PostKind;
  title: string;
  impact: Impact;
  status: PostStatus;
  components: string[];
  /** Incidents: when it began; maintenance: when the window opens. */
  startsAt: number;
  /** Maintenance: when the window is planned to close. */
  endsAt: number | null;
  resolvedAt: number | null;
  createdAt: number;
  updatedAt: number;
  /** Newest first. */
  updates: PostUpdate[];
  /** Listed only: the stored columns that could not be read and were left out (empty), and why. */
  damaged?: DamagedPart[];
}

/** The shared Database type belongs to the store core; these tables join it here, where they are used. */
function tables(db: Db): Kysely<Database & IncidentTables> {
  return db.withTables<IncidentTables>();
}

export async function insertPost(db: Db, post: Omit<Post, 'updates'>): Promise<void> {
  await tables(db).insertInto('incidents').values(toRecord(post)).execute();
}

export async function savePost(db: Db, post: Omit<Post, 'updates'>): Promise<void> {
  const { id, ...rest } = toRecord(post);
  await tables(db).updateTable('incidents').set(rest).where('id', '=', id).execute();
}

export async function insertUpdate(db: Db, incidentId: string, update: PostUpdate): Promise<void> {
  await tables(db)
    .insertInto('incident_updates')
    .values({ ...update, incident_id: incidentId })
    .execute();
}

export async function getPost(db: Db, id: string): Promise<Post | undefined> {
  const row = await tables(db).selectFrom('incidents').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  return (await withUpdates(db, [row], fromRecord))[0];
}

/** Posts by id, in the order asked, read as a list reads them: for readers that change nothing (an incident's facts). */
export async function listPostsById(db: Db, ids: readonly string[]): Promise<Post[]> {
  if (ids.length === 0) return [];
  const rows = await tables(db).selectFrom('incidents').selectAll().where('id', 'in', ids).execute();
  const posts = new Map((await withUpdates(db, rows, listed)).map((p) => [p.id, p]));
  return ids.flatMap((id) => posts.get(id) ?? []);
}

/** A page's posts that are open, upcoming, or were updated since `since`, newest first. */
export async function listPosts(db: Db, page: string, since: number): Promise<Post[]> {
  const rows = await tables(db)
    .selectFrom('incidents')
    .selectAll()
    .where('page', '=', page)
    .where((eb) => eb.or([eb('resolved_at', 'is', null), eb('updated_at', '>=', since), eb('starts_at', '>=', since)]))
    .orderBy('starts_at', 'desc')
    .execute();
  return withUpdates(db, rows, listed);
}

/** The latest change to any of a page's posts: cheap to ask, so caches can tell when to re-render. */
export async function postsVersion(db: Db, page: string): Promise<string> {
  const row = await tables(db)
    .selectFrom('incidents')
    .select((eb) => [eb.fn.max('updated_at').as('latest'), eb.fn.countAll().as('n')])
    .where('page', '=', page)
    .executeTakeFirst();
  return `${row?.latest ?? 0}:${row?.n ?? 0}`;
}

async function withUpdates(db: Db, rows: Selectable<IncidentsTable>[], decode: (row: Selectable<IncidentsTable>) => Omit<Post, 'updates'>): Promise<Post[]> {
  if (rows.length === 0) return [];
  const updates = await tables(db)
    .selectFrom('incident_updates')
    .selectAll()
    .where(
      'incident_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('at', 'desc')
    .execute();
  return rows.map((row) => ({
    ...decode(row),
    updates: updates.filter((u) => u.incident_id === row.id).map(({ incident_id: _id, ...u }) => u),
  }));
}

function toRecord(post: Omit<Post, 'updates'>): Selectable<IncidentsTable> {
  return {
    id: post.id,
    page: post.page,
    kind: post.kind,
    title: post.title,
    impact: post.impact,
    status: post.status,
    components: JSON.stringify(post.components),
    starts_at: post.startsAt,
    ends_at: post.endsAt,
    resolved_at: post.resolvedAt,
    created_at: post.createdAt,
    updated_at: post.updatedAt,
  };
}

/** One post read to be changed: damaged components throw, so no write stores the stand-in a list shows. */
function fromRecord(row: Selectable<IncidentsTable>): Omit<Post, 'updates'> {
  return { ...decodeRow(row), components: storedJson(storedStrings, row.components, `incident ${row.id} components`) };
}

/** A post of a list: components that do not decode are left out (none) and marked in `damaged`. */
function listed(row: Selectable<IncidentsTable>): Omit<Post, 'updates'> {
  const damaged: DamagedPart[] = [];
  const components = storedJsonOr(storedStrings, row.components, [], 'components', damaged);
  return { ...decodeRow(row), components, ...(damaged.length > 0 && { damaged }) };
}

function decodeRow(row: Selectable<IncidentsTable>): Omit<Post, 'updates' | 'components'> {
  return {
    id: row.id,
    page: row.page,
    kind: row.kind,
    title: row.title,
    impact: row.impact,
    status: row.status,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    resolvedAt: row.resolved_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

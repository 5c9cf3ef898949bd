/**
 * The writers of status page posts: open an incident, add an update, resolve it; schedule maintenance.
 * Each validates, writes the post and its update in one transaction, and returns the stored post.
 */
import { randomUUID } from 'node:crypto';
import type { Impact } from '../core/status-page.js';
import { TocsinError } from '../lib/errors.js';
import type { StatusPageConfig } from '../schema/config.js';
import { getPost, insertPost, insertUpdate, savePost, type IncidentStatus, type MaintenanceStatus, type Post, type PostStatus } from '../store/incidents.js';
import type { Db } from '../store/schema.js';
import { inTransaction } from '../store/tx.js';

export const INCIDENT_STATUSES: readonly IncidentStatus[] = ['investigating', 'identified', 'monitoring', 'resolved'];
export const MAINTENANCE_STATUSES: readonly MaintenanceStatus[] = ['scheduled', 'in_progress', 'completed'];
export const IMPACTS: readonly Impact[] = ['none', 'minor', 'major', 'critical'];

export interface PostContext {
  db: Db;
  now: number;
  pages: readonly StatusPageConfig[];
  /** Called after a write commits, e.g. to re-render the page and queue subscriber messages. */
  onChange?: (post: Post) => void;
}

export interface OpenIncident {
  page: string;
  title: string;
  body: string;
  impact?: Impact;
  status?: IncidentStatus;
  components?: string[];
}

export interface ScheduleMaintenance {
  page: string;
  title: string;
  body: string;
  startsAt: number;
  endsAt: number;
  components?: string[];
}

export async function openIncident(ctx: PostContext, input: OpenIncident): Promise<Post> {
  const status = input.status ?? 'investigating';
  if (status === 'resolved')
    throw new TocsinError('invalid_input', 'a new incident cannot start resolved', { field: 'status', expected: 'investigating, identified or monitoring' });
  return create(ctx, { ...input, kind: 'incident', impact: input.impact ?? 'minor', status, startsAt: ctx.now, endsAt: null });
}

export async function scheduleMaintenance(ctx: PostContext, input: ScheduleMaintenance): Promise<Post> {
  if (!(input.endsAt > input.startsAt)) throw new TocsinError('invalid_input', 'maintenance must end after it starts', { field: 'ends_at' });
  const status = input.startsAt <= ctx.now ? 'in_progress' : 'scheduled';
  return create(ctx, { ...input, kind: 'maintenance', impact: 'none', status });
}

/** A new entry on the post's timeline; `resolved` or `completed` closes it. */
export async function updatePost(ctx: PostContext, id: string, input: { status: PostStatus; body: string }): Promise<Post> {
  const post = await getPost(ctx.db, id);
  if (!post) throw new TocsinError('not_found', `no incident or maintenance "${id}"; see tocsin incident list`);
  const allowed: readonly PostStatus[] = post.kind === 'incident' ? INCIDENT_STATUSES : MAINTENANCE_STATUSES;
  if (!allowed.includes(input.status)) {
    throw new TocsinError('invalid_input', `"${input.status}" is not a status of ${post.kind === 'incident' ? 'an incident' : 'maintenance'}`, {
      field: 'status',
      expected: allowed.join(', '),
    });
  }
  if (post.resolvedAt !== null) throw new TocsinError('conflict', `"${post.title}" is already closed; open a new one`);
  requireBody(input.body);
  const closes = input.status === 'resolved' || input.status === 'completed';
  const next = { ...post, status: input.status, updatedAt: ctx.now, resolvedAt: closes ? ctx.now : null };
  await inTransaction(ctx.db, async (trx) => {
    await savePost(trx, next);
    await insertUpdate(trx, id, { id: randomUUID(), status: input.status, body: input.body, at: ctx.now });
  });
  return changed(ctx, id);
}

type NewPost = Omit<Post, 'id' | 'updates' | 'createdAt' | 'updatedAt' | 'resolvedAt' | 'components'> & { body: string; components?: string[] };

async function create(ctx: PostContext, input: NewPost): Promise<Post> {
  const page = ctx.pages.find((p) => p.slug === input.page);
  if (!page)
    throw new TocsinError('not_found', `no status page "${input.page}"; pages: ${ctx.pages.map((p) => p.slug).join(', ') || 'none configured'}`, {
      field: 'page',
    });
  if (!input.title.trim()) throw new TocsinError('invalid_input', 'a title is required', { field: 'title' });
  if (!IMPACTS.includes(input.impact))
    throw new TocsinError('invalid_input', `unknown impact "${input.impact}"`, { field: 'impact', expected: IMPACTS.join(', ') });
  requireBody(input.body);
  const names = page.components.map((c) => c.name);
  const unknown = (input.components ?? []).filter((c) => !names.includes(c));
  if (unknown.length)
    throw new TocsinError('invalid_input', `page "${page.slug}" has no component ${unknown.map((c) => `"${c}"`).join(', ')}`, {
      field: 'components',
      expected: names.join(', '),
    });
  const id = randomUUID();
  const { body, ...fields } = input;
  await inTransaction(ctx.db, async (trx) => {
    await insertPost(trx, { ...fields, id, components: input.components ?? [], resolvedAt: null, createdAt: ctx.now, updatedAt: ctx.now });
    await insertUpdate(trx, id, { id: randomUUID(), status: input.status, body, at: ctx.now });
  });
  return changed(ctx, id);
}

function requireBody(body: string): void {
  if (!body.trim()) throw new TocsinError('invalid_input', 'say what is happening: the update needs a body', { field: 'body' });
}

async function changed(ctx: PostContext, id: string): Promise<Post> {
  const post = await getPost(ctx.db, id);
  if (!post) throw new TocsinError('internal', `post ${id} vanished right after it was written`);
  ctx.onChange?.(post);
  return post;
}

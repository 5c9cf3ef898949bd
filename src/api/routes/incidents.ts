/**
 * Incident and maintenance posts of status pages: list and open them per page, post updates on
 * their timelines. Each write goes through the writers in services/incidents.ts, with its audit
 * entry and subscriber messages in the same transaction (services/subscriptions.ts).
 */
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Impact } from '../../core/status-page.js';
import { TocsinError } from '../../lib/errors.js';
import { postListResponse, postSchema } from '../../schema/api-incidents.js';
import type { StatusPageConfig } from '../../schema/config.js';
import { IMPACTS, INCIDENT_STATUSES, MAINTENANCE_STATUSES, openIncident, scheduleMaintenance, updatePost } from '../../services/incidents.js';
import { HISTORY_MS } from '../../web/status/gather.js';
import { publishPost } from '../../services/subscriptions.js';
import { getPost, listPosts, type IncidentStatus, type Post, type PostStatus } from '../../store/incidents.js';
import { logDamaged } from '../../store/stored-json.js';
import type { Db } from '../../store/schema.js';
import { answers, registerRoutes, route, type ApiRoute } from './route.js';

export interface IncidentRouteDeps {
  db: Db;
  now: () => number;
  pages: () => readonly StatusPageConfig[];
  /** After a post committed: re-render the page, wake the subscriber delivery. */
  onChange?: (post: Post) => void;
}

const slugParams = z.object({ slug: z.string().min(1).max(100) });
const idParams = z.object({ id: z.string().min(1).max(100) });
const text = (max: number) => z.string().trim().min(1).max(max);
const components = z.array(z.string().min(1).max(200)).max(100).optional();
const isoTime = z.iso.datetime({ offset: true }).transform((t) => Date.parse(t));

const openBody = z.strictObject({
  title: text(200),
  body: text(20_000).meta({ description: 'Markdown' }),
  impact: z.enum(IMPACTS as [Impact, ...Impact[]]).optional(),
  status: z.enum(INCIDENT_STATUSES.filter((s) => s !== 'resolved') as [IncidentStatus, ...IncidentStatus[]]).optional(),
  components,
});

const maintenanceBody = z.strictObject({
  title: text(200),
  body: text(20_000).meta({ description: 'Markdown' }),
  starts_at: isoTime,
  ends_at: isoTime,
  components,
});

const updateBody = z.strictObject({
  status: z.enum([...INCIDENT_STATUSES, ...MAINTENANCE_STATUSES] as [PostStatus, ...PostStatus[]]),
  body: text(20_000).meta({ description: 'Markdown' }),
});

type OpenBody = z.output<typeof openBody>;
type MaintenanceBody = z.output<typeof maintenanceBody>;
type UpdateBody = z.output<typeof updateBody>;

export function incidentRoutes(deps: IncidentRouteDeps): ApiRoute[] {
  const page = (slug: string) => {
    const found = deps.pages().find((p) => p.slug === slug);
    if (!found)
      throw new TocsinError(
        'not_found',
        `no status page "${slug}"; pages: ${
          deps
            .pages()
            .map((p) => p.slug)
            .join(', ') || 'none configured'
        }`,
      );
    return found;
  };
  const context = (actor: { kind: 'user' | 'token'; id: string; label: string }, action: string, logger: FastifyBaseLogger) => ({
    db: deps.db,
    logger,
    now: deps.now(),
    pages: deps.pages(),
    actor,
    action,
    ...(deps.onChange ? { after: deps.onChange } : {}),
  });
  return [
    route<{ slug: string }>({
      method: 'GET',
      url: '/api/v1/status-pages/:slug/incidents',
      summary: "A page's open posts and those closed in the last 14 days, newest first",
      tag: 'incidents',
      access: 'read',
      params: slugParams,
      responses: { 200: answers('Open posts and those closed in the last 14 days', postListResponse), 404: 'no such page' },
      handler: async ({ params, request }) => {
        const incidents = await listPosts(deps.db, page(params.slug).slug, deps.now() - HISTORY_MS);
        logDamaged(request.log, 'status page post', incidents);
        return { incidents };
      },
    }),
    route<{ slug: string }, undefined, OpenBody>({
      method: 'POST',
      url: '/api/v1/status-pages/:slug/incidents',
      summary: 'Open an incident on a page',
      tag: 'incidents',
      access: 'write',
      params: slugParams,
      body: openBody,
      responses: { 201: answers('the incident', postSchema), 400: 'invalid input', 404: 'no such page' },
      handler: async ({ params, body, actor, reply, request }) => {
        const input = { page: page(params.slug).slug, title: body.title, body: body.body, ...pick(body, ['impact', 'status', 'components']) };
        reply.status(201);
        return publishPost(context(actor, 'incident.open', request.log), (ctx) => openIncident(ctx, input));
      },
    }),
    route<{ slug: string }, undefined, MaintenanceBody>({
      method: 'POST',
      url: '/api/v1/status-pages/:slug/maintenance',
      summary: 'Schedule maintenance on a page',
      tag: 'incidents',
      access: 'write',
      params: slugParams,
      body: maintenanceBody,
      responses: { 201: answers('the maintenance post', postSchema), 400: 'invalid input', 404: 'no such page' },
      handler: async ({ params, body, actor, reply, request }) => {
        const input = {
          page: page(params.slug).slug,
          title: body.title,
          body: body.body,
          startsAt: body.starts_at,
          endsAt: body.ends_at,
          ...pick(body, ['components']),
        };
        reply.status(201);
        return publishPost(context(actor, 'maintenance.schedule', request.log), (ctx) => scheduleMaintenance(ctx, input));
      },
    }),
    route<{ id: string }>({
      method: 'GET',
      url: '/api/v1/incidents/:id',
      summary: 'One incident or maintenance post with its timeline',
      tag: 'incidents',
      access: 'read',
      params: idParams,
      responses: { 200: answers('the post', postSchema), 404: 'no such post' },
      handler: async ({ params }) => (await getPost(deps.db, params.id)) ?? notFound(params.id),
    }),
    route<{ id: string }, undefined, UpdateBody>({
      method: 'POST',
      url: '/api/v1/incidents/:id/updates',
      summary: "Add an update to a post's timeline; resolved or completed closes it",
      tag: 'incidents',
      access: 'write',
      params: idParams,
      body: updateBody,
      responses: { 201: answers('the post', postSchema), 400: 'invalid input', 404: 'no such post', 409: 'already closed' },
      handler: async ({ params, body, actor, reply, request }) => {
        const post = await publishPost(context(actor, 'incident.update', request.log), (ctx) => updatePost(ctx, params.id, body));
        reply.status(201);
        return post;
      },
    }),
  ];
}

export function registerIncidentRoutes(app: FastifyInstance, deps: IncidentRouteDeps): void {
  registerRoutes(app, incidentRoutes(deps));
}

function pick<T extends object, K extends keyof T>(object: T, keys: readonly K[]): Partial<Pick<T, K>> {
  return Object.fromEntries(keys.filter((k) => object[k] !== undefined).map((k) => [k, object[k]])) as Partial<Pick<T, K>>;
}

function notFound(id: string): never {
  throw new TocsinError('not_found', `no incident or maintenance "${id}"`);
}

/** /api/v1/status-pages: tocsin.yaml's public pages (read-only here) and the API's, and where each is served. */
import { z } from 'zod';
import { TocsinError } from '../../lib/errors.js';
import { id } from '../../schema/primitives.js';
import { statusPageListResponse, statusPageResponse } from '../../schema/api-resources.js';
import { statusPageSchema } from '../../schema/status-pages.js';
import { deleteResource, putResource } from '../../services/api-resource-writers.js';
import { configOwnedIds } from '../../services/api-resources.js';
import type { ApiDeps } from './deps.js';
import { resourceWriters } from './resource-writers.js';
import { answers, route, type ApiRoute } from './route.js';

const slugParams = z.strictObject({ slug: id() });
const replaceBody = statusPageSchema.partial({ slug: true });

/** A body naming no slug takes the URL's; one naming another is refused by the writer. */
function withSlug(body: unknown, slug: string): unknown {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return body;
  return { slug, ...body };
}

function slugOf(body: unknown): string {
  const slug = body !== null && typeof body === 'object' ? (body as Record<string, unknown>).slug : undefined;
  const parsed = slugParams.safeParse({ slug });
  if (!parsed.success)
    throw new TocsinError('invalid_input', 'slug: expected a slug like "public" (letters, digits, - and _); the page is served at /status/<slug>', {
      field: 'slug',
      expected: 'a slug',
    });
  return parsed.data.slug;
}

export function statusPageRoutes(deps: ApiDeps): ApiRoute[] {
  const writers = resourceWriters(deps);
  const view = () => {
    const owned = configOwnedIds(deps.fileConfig(), 'status_page');
    return deps.config().status_pages.map((page) => ({
      ...page,
      source: owned.has(page.slug) ? 'config' : 'api',
      url: `/status/${page.slug}`,
      json: `/status/${page.slug}.json`,
    }));
  };
  const one = (slug: string) => view().find((p) => p.slug === slug) ?? null;
  return [
    route({
      method: 'GET',
      url: '/api/v1/status-pages',
      tag: 'status pages',
      access: 'read',
      summary: 'Status pages (source config: read-only; source api: changeable) with their components and URLs',
      responses: { 200: answers('Status pages', statusPageListResponse) },
      handler: async () => ({ read_only: false, status_pages: view() }),
    }),
    route({
      method: 'POST',
      url: '/api/v1/status-pages',
      tag: 'status pages',
      access: 'write',
      bodyDoc: statusPageSchema,
      summary: 'Create a status page ({ slug, title, components, … } as tocsin.yaml writes it); served at /status/<slug>',
      responses: {
        201: answers('Created', statusPageResponse),
        400: 'Invalid page, or a component names no monitor',
        409: 'The slug is taken or defined in tocsin.yaml',
      },
      handler: async ({ body, actor, reply }) => {
        const slug = slugOf(body);
        await putResource(writers, actor, 'status_page', slug, body, 'create');
        reply.status(201).header('location', `/api/v1/status-pages/${slug}`);
        return { status_page: one(slug) };
      },
    }),
    route({
      method: 'PUT',
      url: '/api/v1/status-pages/:slug',
      tag: 'status pages',
      access: 'write',
      params: slugParams,
      bodyDoc: replaceBody,
      summary: 'Replace an API-owned status page; its slug stays',
      responses: { 200: answers('Replaced', statusPageResponse), 400: 'Invalid page', 404: 'No such page', 409: 'Defined in tocsin.yaml' },
      handler: async ({ params, body, actor }) => {
        await putResource(writers, actor, 'status_page', params.slug, withSlug(body, params.slug), 'replace');
        return { status_page: one(params.slug) };
      },
    }),
    route({
      method: 'DELETE',
      url: '/api/v1/status-pages/:slug',
      tag: 'status pages',
      access: 'write',
      params: slugParams,
      summary: 'Delete an API-owned status page that no maintenance window announces on',
      responses: { 204: 'Deleted', 404: 'No such page', 409: 'Defined in tocsin.yaml, or a window announces on it' },
      handler: async ({ params, actor, reply }) => {
        await deleteResource(writers, actor, 'status_page', params.slug);
        return reply.status(204).send();
      },
    }),
  ];
}

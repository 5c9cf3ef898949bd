/**
 * Public status pages: /status/<slug> (HTML), .json (Statuspage-shaped summary), .rss and .atom,
 * /status/<slug>/incidents/<id> (one post's permalink), /status/<slug>/history (every stored post),
 * /status-assets/… (the page's own CSS and JS), and README badges for monitors shown on a page.
 * Everything is served from StatusCache's prebuilt bytes, with ETags and gzip.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ConfirmedStatus } from '../core/types.js';
import { renderBadge, uptimeColour, type BadgeColour } from '../web/status/badge.js';
import { STATUS_CSS, STATUS_JS } from '../web/status/assets.js';
import { represent, type Representation, type StatusCache } from '../web/status/cache.js';
import { formatPercent } from '../web/status/escape.js';
import type { BadgeSource, PostArchive } from '../web/status/gather.js';
import { renderHistory, renderPostPage } from '../web/status/html.js';

export interface StatusRouteDeps {
  cache: StatusCache;
  badges: BadgeSource;
  /** Stored posts for permalinks and the history archive; without it those routes answer 404. */
  archive?: PostArchive;
  /** server.public_url, for absolute links in feeds; else taken from the request. */
  publicUrl: () => string | undefined;
}

const ASSETS: Record<string, Representation> = {
  'status.css': represent(STATUS_CSS, 'text/css; charset=utf-8'),
  'status.js': represent(STATUS_JS, 'text/javascript; charset=utf-8'),
};

const FORMAT = /^(.+?)(?:\.(json|rss|atom))?$/;

export function statusRoutes(deps: StatusRouteDeps) {
  return async function plugin(app: FastifyInstance): Promise<void> {
    app.get<{ Params: { name: string } }>('/status/:name', async (request, reply) => {
      const [, slug = '', format] = FORMAT.exec(request.params.name) ?? [];
      const page = await deps.cache.get(slug);
      if (!page) return reply.status(404).send({ error: `no status page "${slug}"` });
      if (!format) return sendCached(request, reply, page.html, 'public, max-age=10');
      if (format === 'json') return sendCached(request, reply.header('access-control-allow-origin', '*'), page.json, 'public, max-age=10');
      const base = deps.publicUrl()?.replace(/\/$/, '') ?? `${request.protocol}://${request.host}`;
      return sendCached(request, reply, page.feed(format as 'rss' | 'atom', `${base}/status/${slug}`), 'public, max-age=60');
    });

    // One incident or maintenance for good: the page shows posts for 14 days, feeds link here.
    app.get<{ Params: { name: string; id: string } }>('/status/:name/incidents/:id', async (request, reply) => {
      const { name: slug, id } = request.params;
      const page = await deps.cache.get(slug);
      if (!page) return reply.status(404).send({ error: `no status page "${slug}"` });
      const found = id.length <= 100 ? await deps.archive?.post(slug, id) : undefined;
      if (!found) return reply.status(404).send({ error: `no incident or maintenance "${id}" on status page "${slug}"` });
      return sendCached(request, reply, represent(renderPostPage(page.view, found, '/status-assets/'), 'text/html; charset=utf-8'), 'public, max-age=60');
    });

    app.get<{ Params: { name: string } }>('/status/:name/history', async (request, reply) => {
      const slug = request.params.name;
      const page = await deps.cache.get(slug);
      if (!page || !deps.archive) return reply.status(404).send({ error: `no status page "${slug}"` });
      const list = await deps.archive.history(slug);
      return sendCached(request, reply, represent(renderHistory(page.view, list, '/status-assets/'), 'text/html; charset=utf-8'), 'public, max-age=60');
    });

    app.get<{ Params: { file: string } }>('/status-assets/:file', async (request, reply) => {
      const asset = ASSETS[request.params.file];
      if (!asset) return reply.status(404).send({ error: `no asset "${request.params.file}"` });
      return sendCached(request, reply, asset, 'public, max-age=3600');
    });

    app.get<{ Params: { id: string } }>('/badge/:id/status.svg', async (request, reply) => {
      const status = await deps.badges.status(request.params.id);
      if (status === undefined) return reply.status(404).send({ error: `no public monitor "${request.params.id}"` });
      const [text, colour] = BADGE_STATUS[status];
      return sendCached(request, reply, represent(renderBadge('status', text, colour), 'image/svg+xml'), 'public, max-age=60');
    });

    app.get<{ Params: { id: string }; Querystring: { days?: string } }>('/badge/:id/uptime.svg', async (request, reply) => {
      const days = Number(request.query.days ?? 30);
      if (!Number.isInteger(days) || days < 1 || days > 90) {
        return reply.status(400).send({ error: `days must be a whole number from 1 to 90, got "${request.query.days}"`, field: 'days', expected: '1..90' });
      }
      const uptime = await deps.badges.uptime(request.params.id, days);
      if (uptime === undefined) return reply.status(404).send({ error: `no public monitor "${request.params.id}"` });
      const value = uptime === null ? 'no data' : formatPercent(uptime);
      return sendCached(request, reply, represent(renderBadge(`uptime ${days}d`, value, uptimeColour(uptime)), 'image/svg+xml'), 'public, max-age=300');
    });
  };
}

const BADGE_STATUS: Record<ConfirmedStatus, [string, BadgeColour]> = {
  pending: ['pending', 'grey'],
  up: ['up', 'green'],
  degraded: ['degraded', 'yellow'],
  down: ['down', 'red'],
  unknown: ['unknown', 'grey'],
};

function sendCached(request: FastifyRequest, reply: FastifyReply, rep: Representation, cacheControl: string): FastifyReply {
  reply.header('etag', rep.etag).header('cache-control', cacheControl).header('vary', 'accept-encoding').header('content-type', rep.type);
  if (request.headers['if-none-match'] === rep.etag) return reply.status(304).send();
  if (/\bgzip\b/.test(request.headers['accept-encoding'] ?? '')) return reply.header('content-encoding', 'gzip').send(rep.gzip);
  return reply.send(rep.body);
}

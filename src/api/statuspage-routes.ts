/** /status/<slug>/api/v2/*.json: Statuspage's public API over a tocsin status page (src/web/status/statuspage-v2.ts). */
import type { FastifyInstance } from 'fastify';
import type { StatusCache } from '../web/status/cache.js';
import { statuspageDocuments, type StatuspageDocuments } from '../web/status/statuspage-v2.js';

export interface StatuspageRouteDeps {
  cache: StatusCache;
  pageUrl: (slug: string) => string | undefined;
}

const DOCUMENTS: Record<string, keyof StatuspageDocuments> = {
  'summary.json': 'summary',
  'status.json': 'status',
  'components.json': 'components',
  'incidents.json': 'incidents',
  'incidents/unresolved.json': 'unresolved',
  'scheduled-maintenances.json': 'maintenances',
};

export function statuspageRoutes(deps: StatuspageRouteDeps) {
  return async function plugin(app: FastifyInstance): Promise<void> {
    app.get<{ Params: { slug: string; '*': string } }>('/status/:slug/api/v2/*', async (request, reply) => {
      const key = DOCUMENTS[request.params['*']];
      if (!key)
        return reply
          .status(404)
          .send({ error: `no Statuspage API document "${request.params['*'].slice(0, 100)}"; expected one of ${Object.keys(DOCUMENTS).join(', ')}` });
      const page = await deps.cache.get(request.params.slug);
      if (!page) return reply.status(404).send({ error: `no status page "${request.params.slug.slice(0, 100)}"` });
      const documents = statuspageDocuments(page.view, deps.pageUrl(request.params.slug));
      return reply
        .header('access-control-allow-origin', '*')
        .header('cache-control', 'public, max-age=10')
        .type('application/json; charset=utf-8')
        .send(JSON.stringify(documents[key]));
    });
  };
}

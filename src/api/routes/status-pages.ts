/** /api/v1/status-pages: the public pages of tocsin.yaml and where each is served. */
import type { ApiDeps } from './deps.js';
import { route, type ApiRoute } from './route.js';

export function statusPageRoutes(deps: ApiDeps): ApiRoute[] {
  return [
    route({
      method: 'GET', url: '/api/v1/status-pages', tag: 'status pages', access: 'read',
      summary: 'Status pages (read-only: defined in tocsin.yaml) with their components and URLs',
      responses: { 200: 'Status pages' },
      handler: async () => ({
        read_only: true,
        status_pages: deps.config().status_pages.map((page) => ({ ...page, url: `/status/${page.slug}`, json: `/status/${page.slug}.json` })),
      }),
    }),
  ];
}

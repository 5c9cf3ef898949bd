/** /api/v1/escalations: who is told when, per policy, as tocsin.yaml defines them. */
import type { ApiDeps } from './deps.js';
import { route, type ApiRoute } from './route.js';

export function escalationRoutes(deps: ApiDeps): ApiRoute[] {
  return [
    route({
      method: 'GET', url: '/api/v1/escalations', tag: 'escalations', access: 'read',
      summary: 'Escalation policies (read-only: defined in tocsin.yaml), steps with `after` in ms',
      responses: { 200: 'Policies by name, and the fallback channels' },
      handler: async () => {
        const config = deps.config();
        return { read_only: true, default: config.defaults.escalation ?? null, fallback: config.fallback, policies: config.escalations };
      },
    }),
  ];
}

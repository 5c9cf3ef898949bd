/** /api/v1/states: every monitor's current state in one request, for the dashboard's first paint. */
import { statesResponse } from '../../schema/api-monitors.js';
import { listStates } from '../../store/state.js';
import type { ApiDeps } from './deps.js';
import { answers, route, type ApiRoute } from './route.js';
import { stateView } from './views.js';

export function stateRoutes(deps: ApiDeps): ApiRoute[] {
  return [
    route({
      method: 'GET',
      url: '/api/v1/states',
      tag: 'states',
      access: 'read',
      summary: 'The current state of every monitor being checked; monitors without a result yet are "pending"',
      responses: { 200: answers('States by monitor id', statesResponse) },
      handler: async () => {
        const stored = new Map((await listStates(deps.db)).map((s) => [s.monitorId, s]));
        const states: Record<string, unknown> = {};
        const now = deps.clock.now();
        for (const m of deps.monitors()) {
          states[m.id] = stateView(stored.get(m.id), deps.alertState(m.id), m, now) ?? { status: 'pending' };
        }
        return { states };
      },
    }),
  ];
}

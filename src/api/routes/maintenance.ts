/** /api/v1/maintenance: the planned windows of tocsin.yaml, which is where they are changed. */
import { openWindow, upcomingWindows } from '../../core/maintenance.js';
import type { ApiDeps } from './deps.js';
import { route, type ApiRoute } from './route.js';

const WEEK = 7 * 86_400_000;

export function maintenanceRoutes(deps: ApiDeps): ApiRoute[] {
  return [
    route({
      method: 'GET', url: '/api/v1/maintenance', tag: 'maintenance', access: 'read',
      summary: 'Maintenance windows (read-only: defined in tocsin.yaml), whether each is open now, and the next week\'s openings',
      responses: { 200: 'Windows and upcoming openings' },
      handler: async () => {
        const now = deps.clock.now();
        const windows = deps.config().maintenance;
        return {
          read_only: true,
          windows: windows.map((w) => ({ ...w, open_now: openWindow(w, now) ?? null })),
          upcoming: upcomingWindows(windows, now, now + WEEK),
        };
      },
    }),
  ];
}

/** Every /api/v1 resource route, registered in one place; the same list makes the OpenAPI document. */
import type { FastifyInstance } from 'fastify';
import { agentTokenRoutes } from './agent-tokens.js';
import { alertRoutes } from './alerts.js';
import { channelRoutes } from './channels.js';
import { ciViewRoutes } from './ci-views.js';
import { configSyncRoutes } from './config-sync.js';
import type { ApiDeps } from './deps.js';
import { escalationRoutes } from './escalations.js';
import { closeEventsOnShutdown, eventRoutes } from './events.js';
import { heartbeatRoutes } from './heartbeats.js';
import { instanceRoutes } from './instances.js';
import { integrationRoutes } from './integrations.js';
import { maintenanceRoutes } from './maintenance.js';
import { monitorHistoryRoutes } from './monitor-history.js';
import { monitorRoutes } from './monitors.js';
import { oncallRoutes, registerCalendarFeed } from './oncall.js';
import { registerOpenApi } from './openapi.js';
import { overviewRoutes } from './overview.js';
import { resultRoutes } from './results.js';
import { responseIncidentRoutes } from './response-incidents.js';
import { runbookRoutes } from './runbooks.js';
import { registerRoutes, type ApiRoute } from './route.js';
import { stateRoutes } from './states.js';
import { statusPageRoutes } from './status-pages.js';
import { testRoutes } from './tests.js';
import { uptimeRoutes } from './uptime.js';

export type { ApiDeps } from './deps.js';
export { EventHub } from './events.js';

export function apiRoutes(deps: ApiDeps): ApiRoute[] {
  return [
    ...monitorRoutes(deps),
    ...overviewRoutes(deps),
    ...testRoutes(deps),
    ...monitorHistoryRoutes(deps),
    ...heartbeatRoutes(deps),
    ...resultRoutes(deps),
    ...uptimeRoutes(deps),
    ...stateRoutes(deps),
    ...alertRoutes(deps),
    ...maintenanceRoutes(deps),
    ...channelRoutes(deps),
    ...escalationRoutes(deps),
    ...statusPageRoutes(deps),
    ...integrationRoutes(deps),
    ...eventRoutes(deps),
    ...configSyncRoutes(deps),
    ...oncallRoutes(deps),
    ...responseIncidentRoutes(deps),
    ...runbookRoutes(deps),
    ...ciViewRoutes(deps),
    ...agentTokenRoutes(deps),
    ...instanceRoutes(deps),
  ];
}

export function registerApi(app: FastifyInstance, deps: ApiDeps, version = '1'): ApiRoute[] {
  const routes = apiRoutes(deps);
  registerRoutes(app, routes);
  registerCalendarFeed(app, deps);
  registerOpenApi(app, () => routes, version);
  closeEventsOnShutdown(app, deps.events);
  return routes;
}

/** /api/v1/instances: the tocsin instances sharing this store, and how many monitors each holds. */
import { instancesResponse } from '../../schema/api-cluster.js';
import { clusterInstances } from '../../store/cluster.js';
import type { ApiDeps } from './deps.js';
import { answers, route, type ApiRoute } from './route.js';

export function instanceRoutes(deps: ApiDeps): ApiRoute[] {
  return [
    route({
      method: 'GET',
      url: '/api/v1/instances',
      tag: 'instances',
      access: 'read',
      summary: 'The instances that ran on this store in the last day: live or not, last seen, monitors and duties each holds (cluster mode)',
      responses: { 200: answers('Instances, live ones first', instancesResponse) },
      handler: async () => {
        const cluster = deps.config().cluster;
        const ttl = cluster?.enabled ? cluster.lease_ttl : 30_000;
        const now = deps.clock.now();
        const instances = await clusterInstances(deps.db, now, ttl);
        return {
          cluster: cluster?.enabled === true,
          this_instance: deps.instanceName ?? '',
          lease_ttl_ms: cluster?.enabled ? cluster.lease_ttl : null,
          instances: instances.map((i) => ({
            name: i.name,
            host: i.host,
            pid: i.pid,
            version: i.version,
            started_at: i.startedAt,
            last_seen_at: i.lastSeenAt,
            stopped_at: i.stoppedAt,
            live: i.live,
            monitors_held: i.monitorsHeld,
            monitors_scheduled: i.monitorsScheduled,
            jobs: i.jobs,
            heartbeat_age_ms: Math.max(0, now - i.lastSeenAt),
            state: i.live ? ('live' as const) : i.stoppedAt !== null ? ('stopped' as const) : ('unreachable' as const),
          })),
        };
      },
    }),
  ];
}

/** /api/v1/channels: the notification channels of tocsin.yaml with their health; secrets masked. */
import { listChannelHealth } from '../../store/channel-health.js';
import type { ApiDeps } from './deps.js';
import { maskSecrets } from './mask.js';
import { route, type ApiRoute } from './route.js';

export function channelRoutes(deps: ApiDeps): ApiRoute[] {
  return [
    route({
      method: 'GET', url: '/api/v1/channels', tag: 'channels', access: 'read',
      summary: 'Channels (read-only: defined in tocsin.yaml); every secret reads "••••"',
      responses: { 200: 'Channels by id with delivery health' },
      handler: async () => {
        const health = new Map((await listChannelHealth(deps.db)).map((h) => [h.channel, h]));
        const channels = Object.entries(deps.config().channels).map(([id, channel]) => {
          const h = health.get(id);
          return {
            id,
            ...(maskSecrets(channel, { secretPaths: true }) as Record<string, unknown>),
            health: h ? { failing_since: h.failingSince, last_ok_at: h.lastOkAt, last_failure_at: h.lastFailureAt, last_error: h.lastError } : null,
          };
        });
        return { read_only: true, channels };
      },
    }),
  ];
}

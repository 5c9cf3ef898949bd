/** The config file through the API: its plan, a reload with the same guard as SIGHUP, and restoring a removed monitor. */
import { z } from 'zod';
import { TocsinError } from '../../lib/errors.js';
import { listRemoved, restoreMonitor } from '../../services/restore-deleted.js';
import { restoredResponse } from '../../schema/api-monitors.js';
import { planResponse, removedResponse } from '../../schema/api-resources.js';
import { id } from '../../schema/primitives.js';
import type { ApiDeps } from './deps.js';
import { answers, route, type ApiRoute } from './route.js';

const reloadBody = z.strictObject({ allow_deletions: z.boolean().default(false) }).prefault({});

export function configSyncRoutes(deps: ApiDeps): ApiRoute[] {
  const sync = () => {
    if (!deps.configSync) throw new TocsinError('unavailable', 'this tocsin was not started from a config file, so there is nothing to plan or reload');
    return deps.configSync;
  };
  return [
    route({
      method: 'GET',
      url: '/api/v1/config/plan',
      tag: 'config',
      access: 'admin',
      summary: 'What applying tocsin.yaml would add, change (field by field, secrets masked) or remove, and whether the deletion guard would refuse',
      responses: { 200: answers('The plan', planResponse), 400: 'The file does not validate' },
      handler: () => sync().plan(),
    }),
    route({
      method: 'POST',
      url: '/api/v1/config/reload',
      tag: 'config',
      access: 'admin',
      body: reloadBody,
      summary: 'Re-read tocsin.yaml and apply it, as SIGHUP and tocsin apply do; allow_deletions is --allow-deletions',
      responses: {
        200: answers('Applied; the plan that was applied', planResponse),
        400: 'The file does not validate',
        409: 'Refused by the deletion guard: nothing changed',
      },
      handler: ({ body, actor }) => sync().reload(body.allow_deletions, actor),
    }),
    route({
      method: 'GET',
      url: '/api/v1/config/removed',
      tag: 'config',
      access: 'admin',
      summary: 'Removed monitors and config objects that can still be restored, newest first, with when each is purged (retention.deleted)',
      responses: { 200: answers('The removed objects', removedResponse) },
      handler: async () => {
        const removed = await listRemoved(deps.db, deps.config().retention.deleted ?? 30 * 86_400_000);
        return {
          removed: removed.map((o) => ({
            kind: o.kind,
            id: o.id,
            removed_at: new Date(o.removedAt).toISOString(),
            purged_after: new Date(o.purgedAfter).toISOString(),
          })),
        };
      },
    }),
    route({
      method: 'POST',
      url: '/api/v1/monitors/:id/restore',
      tag: 'monitors',
      access: 'admin',
      params: z.strictObject({ id: id() }),
      summary: 'Bring back a removed monitor with its history and state (within retention.deleted); it comes back owned by the API',
      responses: { 200: answers('Restored', restoredResponse), 404: 'No such monitor, or purged', 409: 'Not removed' },
      handler: async ({ params, actor }) => {
        const restored = await restoreMonitor(deps.db, params.id, deps.clock.now(), actor);
        await deps.onMonitorsChanged();
        return { restored: params.id, deleted_at: new Date(restored.deletedAt).toISOString() };
      },
    }),
  ];
}

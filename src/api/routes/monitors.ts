/** /api/v1/monitors: list with filters, read, and the API's writers for monitors it owns. */
import { z } from 'zod';
import { TocsinError } from '../../lib/errors.js';
import { monitorListResponse, monitorResponse, monitorViewSchema } from '../../schema/api-monitors.js';
import { monitorSchema } from '../../schema/monitor.js';
import { id } from '../../schema/primitives.js';
import { createMonitor, deleteMonitor, replaceMonitor, setMonitorPaused, type MonitorWriterDeps } from '../../services/monitors-api.js';
import { releaseMonitor } from '../../services/quarantine.js';
import { listMonitors, type MonitorRow } from '../../store/monitors.js';
import { listQuarantines } from '../../store/quarantine.js';
import { getState, listStates } from '../../store/state.js';
import type { ApiDeps } from './deps.js';
import { answers, route, type ApiRoute } from './route.js';
import { monitorView } from './views.js';

export const idParams = z.strictObject({ id: id() });

const listQuery = z.strictObject({
  tag: z.string().min(1).optional(),
  group: z.string().min(1).optional(),
  type: z.string().min(1).optional(),
  state: z
    .enum(['pending', 'up', 'degraded', 'down', 'unknown'])
    .optional()
    .meta({ description: 'The confirmed status (docs/states.md); pending: nothing confirmed yet' }),
  source: z.enum(['config', 'api']).optional(),
});

export function monitorRoutes(deps: ApiDeps): ApiRoute[] {
  const writers: MonitorWriterDeps = { db: deps.db, clock: deps.clock, config: deps.config, onChanged: deps.onMonitorsChanged };
  const changed = (id: string, action: string) => deps.events.publish('monitor', { id, action });
  return [
    route({
      method: 'GET',
      url: '/api/v1/monitors',
      tag: 'monitors',
      access: 'read',
      query: listQuery,
      summary: 'Monitors with their current state; filter by tag, group, type, state or source',
      responses: { 200: answers('The monitors, ordered by id', monitorListResponse) },
      handler: async ({ query }) => {
        const [rows, states, quarantines] = await Promise.all([listMonitors(deps.db), listStates(deps.db), listQuarantines(deps.db)]);
        const byId = new Map(states.map((s) => [s.monitorId, s]));
        const held = new Map(quarantines.map((q) => [q.monitorId, q]));
        const views = rows.map((row) =>
          monitorView(row, byId.get(row.id), deps.alertState(row.id), deps.clock.now(), held.get(row.id), deps.config().defaults.alert),
        );
        return { monitors: views.filter((m) => matches(m, query)) };
      },
    }),
    route({
      method: 'GET',
      url: '/api/v1/monitors/:id',
      tag: 'monitors',
      access: 'read',
      params: idParams,
      summary: 'One monitor with its current state',
      responses: { 200: answers('The monitor', monitorViewSchema), 404: 'No such monitor' },
      handler: async ({ params }) => view(deps, params.id),
    }),
    route({
      method: 'POST',
      url: '/api/v1/monitors',
      tag: 'monitors',
      access: 'write',
      bodyDoc: monitorSchema,
      summary: 'Create a monitor (any type but exec); the body is a monitor as tocsin.yaml writes it',
      responses: {
        201: answers('Created', monitorResponse),
        400: 'Invalid monitor',
        403: 'A probe that reaches inside networks, sent by an editor without probe_internal',
        409: 'The id is taken',
      },
      handler: async ({ body, actor, reply }) => {
        const monitor = await createMonitor(writers, actor, body);
        changed(monitor.id, 'created');
        reply.status(201).header('location', `/api/v1/monitors/${monitor.id}`);
        return { monitor: await view(deps, monitor.id) };
      },
    }),
    route({
      method: 'PUT',
      url: '/api/v1/monitors/:id',
      tag: 'monitors',
      access: 'write',
      params: idParams,
      bodyDoc: monitorSchema,
      summary: 'Replace an API-owned monitor; secrets must be sent again (reads mask them)',
      responses: {
        200: answers('Replaced', monitorResponse),
        400: 'Invalid monitor',
        403: 'A probe that reaches inside networks, sent by an editor without probe_internal',
        404: 'No such monitor',
        409: 'Defined in tocsin.yaml',
      },
      handler: async ({ params, body, actor }) => {
        await replaceMonitor(writers, actor, params.id, body);
        changed(params.id, 'updated');
        return { monitor: await view(deps, params.id) };
      },
    }),
    route({
      method: 'DELETE',
      url: '/api/v1/monitors/:id',
      tag: 'monitors',
      access: 'write',
      params: idParams,
      summary: 'Delete an API-owned monitor (soft: creating the id again restores its history)',
      responses: { 204: 'Deleted', 404: 'No such monitor', 409: 'Defined in tocsin.yaml' },
      handler: async ({ params, actor, reply }) => {
        await deleteMonitor(writers, actor, params.id);
        changed(params.id, 'deleted');
        return reply.status(204).send();
      },
    }),
    ...(['pause', 'resume'] as const).map((verb) =>
      route({
        method: 'POST',
        url: `/api/v1/monitors/:id/${verb}`,
        tag: 'monitors',
        access: 'write',
        params: idParams,
        summary: verb === 'pause' ? 'Stop checking an API-owned monitor until resumed' : 'Check a paused monitor again',
        responses: { 200: answers('Done', monitorResponse), 404: 'No such monitor', 409: 'Defined in tocsin.yaml' },
        handler: async ({ params, actor }) => {
          await setMonitorPaused(writers, actor, params.id, verb === 'pause');
          changed(params.id, verb === 'pause' ? 'paused' : 'resumed');
          return { monitor: await view(deps, params.id) };
        },
      }),
    ),
    route({
      method: 'POST',
      url: '/api/v1/monitors/:id/release',
      tag: 'monitors',
      access: 'write',
      params: idParams,
      summary: 'Check a quarantined monitor again: one whose check was running when the engine froze at two restarts in a row',
      responses: { 200: answers('Released: it runs again at once', monitorResponse), 404: 'No such monitor', 409: 'Not quarantined' },
      handler: async ({ params, actor }) => {
        await liveRow(deps, params.id);
        await releaseMonitor(writers, actor, params.id);
        changed(params.id, 'released');
        return { monitor: await view(deps, params.id) };
      },
    }),
  ];
}

export async function liveRow(deps: Pick<ApiDeps, 'db'>, monitorId: string): Promise<MonitorRow> {
  const row = (await listMonitors(deps.db)).find((r) => r.id === monitorId);
  if (!row) throw new TocsinError('not_found', `no monitor ${monitorId}`, { field: 'id', expected: 'the id of an existing monitor' });
  return row;
}

async function view(deps: ApiDeps, monitorId: string) {
  const row = await liveRow(deps, monitorId);
  const quarantine = (await listQuarantines(deps.db)).find((q) => q.monitorId === monitorId);
  const base = monitorView(row, await getState(deps.db, monitorId), deps.alertState(monitorId), deps.clock.now(), quarantine, deps.config().defaults.alert);
  const places = deps.locationStates?.(monitorId);
  return places ? { ...base, location_states: places } : base;
}

type Filter = z.output<typeof listQuery>;

function matches(m: ReturnType<typeof monitorView>, q: Filter): boolean {
  if (q.tag !== undefined && !m.tags.includes(q.tag)) return false;
  if (q.group !== undefined && m.group !== q.group) return false;
  if (q.type !== undefined && m.type !== q.type) return false;
  if (q.source !== undefined && m.source !== q.source) return false;
  if (q.state !== undefined && (m.state?.status ?? 'pending') !== q.state) return false;
  return true;
}

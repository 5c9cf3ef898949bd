/** /api/v1/maintenance: planned windows, tocsin.yaml's (read-only here) and the API's; and silencing a monitor for a while. */
import { z } from 'zod';
import { openWindow, upcomingWindows, windowProblem } from '../../core/maintenance.js';
import { formatDuration } from '../../lib/duration.js';
import { maintenanceResponse, windowResponse } from '../../schema/api-resources.js';
import { maintenanceSchema, type MaintenanceConfig } from '../../schema/maintenance.js';
import { duration } from '../../schema/primitives.js';
import { deleteResource, putResource } from '../../services/api-resource-writers.js';
import { judgeApiMaintenance } from '../../services/api-resources.js';
import { listApiResources } from '../../store/api-resources.js';
import { lastWriters } from '../../store/audit.js';
import type { ApiDeps } from './deps.js';
import { idParams, liveRow } from './monitors.js';
import { newWindowId, resourceParams, resourceWriters, splitId, withoutId } from './resource-writers.js';
import { answers, route, type ApiRoute } from './route.js';

const WEEK = 7 * 86_400_000;
const windowBody = z.intersection(z.object({ id: z.string().optional() }), maintenanceSchema);
const silenceBody = z.strictObject({
  for: duration()
    .refine((ms) => ms >= 1000, 'expected at least 1s, e.g. 30m or 2h')
    .meta({ description: 'How long from now, e.g. 2h or 30m' }),
  reason: z
    .string()
    .trim()
    .min(1, 'expected a reason, or none at all')
    .max(200, 'expected at most 200 characters')
    .optional()
    .meta({ description: 'Why, shown in the window\'s name ("silence web for 2h: deploy in progress")' }),
});

export function maintenanceRoutes(deps: ApiDeps): ApiRoute[] {
  const writers = resourceWriters(deps);
  /** Every window with `error` set when it is not in use: it no longer validates, or the evaluator cannot use it. */
  const windows = async () => {
    const now = deps.clock.now();
    const usable: Array<MaintenanceConfig & { id: string; source: string }> = deps
      .fileConfig()
      .maintenance.map((w) => ({ id: w.name, source: 'config', ...w }));
    const unusable: Array<Record<string, unknown> & { id: string }> = [];
    for (const row of await listApiResources(deps.db, { kind: 'maintenance' })) {
      if (usable.some((w) => w.id === row.id)) continue;
      // A row that did not decode (store/api-resource-codec.ts) is listed by id with why; its JSON is not shown.
      const judged = row.ok ? judgeApiMaintenance(row.definition) : undefined;
      if (judged?.ok) usable.push({ id: row.id, source: 'api', ...judged.value });
      else if (judged) unusable.push({ ...asObject(row.ok ? row.definition : undefined), id: row.id, source: 'api', error: judged.problem, open_now: null });
      else if (!row.ok) unusable.push({ id: row.id, source: 'api', error: row.problem, open_now: null });
    }
    const evaluated = usable.map((w) => {
      const error = windowProblem(w, now);
      return { ...w, error: error ?? null, open_now: error === undefined ? (openWindow(w, now) ?? null) : null };
    });
    // Who set each silence open now (the Alerts view shows it beside its end); looked up for those few only.
    const silences = evaluated.filter((w) => w.source === 'api' && w.silence && w.open_now);
    const setters = await lastWriters(
      deps.db,
      silences.map((w) => `maintenance ${w.id}`),
    );
    const withWriters = evaluated.map((w) => {
      const by = setters.get(`maintenance ${w.id}`);
      return by === undefined ? w : { ...w, set_by: by };
    });
    return [...withWriters, ...unusable];
  };
  const one = async (id: string) => (await windows()).find((w) => w.id === id) ?? null;
  const create = async (id: string, definition: unknown, actor: Parameters<typeof putResource>[1]) => {
    await putResource(writers, actor, 'maintenance', id, definition, 'create');
    return one(id);
  };
  return [
    route({
      method: 'GET',
      url: '/api/v1/maintenance',
      tag: 'maintenance',
      access: 'read',
      summary:
        "Maintenance windows (source config: read-only; source api: changeable), whether each is open now, why one is not in use (error), and the next week's openings",
      responses: { 200: answers('Windows and upcoming openings', maintenanceResponse) },
      handler: async () => {
        const now = deps.clock.now();
        return { read_only: false, windows: await windows(), upcoming: upcomingWindows(deps.config().maintenance, now, now + WEEK) };
      },
    }),
    route({
      method: 'POST',
      url: '/api/v1/maintenance',
      tag: 'maintenance',
      access: 'write',
      bodyDoc: windowBody,
      summary: 'Create a window { id?, name, start, duration, schedule?, tz?, monitors, announce_on? }',
      responses: { 201: answers('Created', windowResponse), 400: 'Invalid window', 409: 'The id is taken or defined in tocsin.yaml' },
      handler: async ({ body, actor, reply }) => {
        const { id, rest } = splitId(body, newWindowId);
        const window = await create(id, rest, actor);
        reply.status(201).header('location', `/api/v1/maintenance/${id}`);
        return { window };
      },
    }),
    route({
      method: 'PUT',
      url: '/api/v1/maintenance/:id',
      tag: 'maintenance',
      access: 'write',
      params: resourceParams,
      bodyDoc: maintenanceSchema,
      summary: 'Replace an API-owned window',
      responses: { 200: answers('Replaced', windowResponse), 400: 'Invalid window', 404: 'No such window', 409: 'Defined in tocsin.yaml' },
      handler: async ({ params, body, actor }) => {
        await putResource(writers, actor, 'maintenance', params.id, withoutId(body), 'replace');
        return { window: await one(params.id) };
      },
    }),
    route({
      method: 'DELETE',
      url: '/api/v1/maintenance/:id',
      tag: 'maintenance',
      access: 'write',
      params: resourceParams,
      summary: 'Delete an API-owned window (ends it now if open)',
      responses: { 204: 'Deleted', 404: 'No such window', 409: 'Defined in tocsin.yaml' },
      handler: async ({ params, actor, reply }) => {
        await deleteResource(writers, actor, 'maintenance', params.id);
        return reply.status(204).send();
      },
    }),
    route({
      method: 'POST',
      url: '/api/v1/monitors/:id/silence',
      tag: 'maintenance',
      access: 'write',
      params: idParams,
      body: silenceBody,
      summary: 'Silence one monitor for a while: a maintenance window on it from now ({ for: "2h" }); delete the window to end it early',
      responses: { 201: answers('The window', windowResponse), 400: 'Invalid duration', 404: 'No such monitor' },
      handler: async ({ params, body, actor, reply }) => {
        await liveRow(deps, params.id);
        const now = deps.clock.now();
        const id = newWindowId();
        const definition = {
          name: `silence ${params.id} for ${formatDuration(body.for)}${body.reason ? `: ${body.reason}` : ''}`,
          start: new Date(now).toISOString(),
          duration: `${Math.round(body.for / 1000)}s`,
          monitors: [params.id],
          silence: true,
        };
        const window = await create(id, definition, actor);
        reply.status(201).header('location', `/api/v1/maintenance/${id}`);
        return { window };
      },
    }),
  ];
}

function asObject(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

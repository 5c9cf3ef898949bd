/**
 * /api/v1/oncall and /api/v1/schedules: who is on call now and next, shifts, overrides (the API's
 * can be added and removed, with an audit row), and each schedule's iCal feed. The feed is the one
 * route a calendar app fetches without signing in: its URL carries the schedule's token; a bearer
 * token or a session works too.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { TocsinError } from '../../lib/errors.js';
import { id } from '../../schema/primitives.js';
import { instant } from '../../schema/schedules.js';
import { calendarToken, calendarTokenMatches, scheduleCalendar } from '../../services/oncall-calendar.js';
import { createOverride, listOverrides, removeOverride, rotaFor, shiftsOf, whoIsOnCall, type OnCallPerson, type ScheduleNow } from '../../services/oncall.js';
import type { ApiDeps } from './deps.js';
import { answers, parseInput, queryTime, route, type ApiRoute } from './route.js';
import { calendarPathResponse, oncallResponse, overrideResponse, overridesResponse, schedulesResponse, shiftsResponse } from '../../schema/api-oncall.js';

const scheduleParams = z.strictObject({ id: id() });
const feedQuery = z.strictObject({ token: z.string().max(100).optional() });
const overrideParams = z.strictObject({ id: id(), override: z.string().min(1).max(100) });
const overrideBody = z.strictObject({
  person: id(),
  start: instant(),
  end: instant(),
  reason: z.string().trim().min(1).max(500).optional(),
});

const iso = (ms: number) => new Date(ms).toISOString();
const personJson = (p: OnCallPerson) => ({ ...p, start: iso(p.start), end: iso(p.end) });
const nowJson = (s: ScheduleNow) => ({
  ...s,
  now: s.now && personJson(s.now),
  next: s.next && (s.next.person === null ? { ...s.next, at: iso(s.next.at) } : { ...personJson(s.next), at: iso(s.next.at) }),
});

export function oncallRoutes(deps: ApiDeps): ApiRoute[] {
  const known = (schedule: string) => rotaFor(deps.config(), schedule);
  return [
    route<undefined, { at?: number; schedule?: string }>({
      method: 'GET',
      url: '/api/v1/oncall',
      tag: 'oncall',
      access: 'read',
      query: z.strictObject({ at: queryTime().optional(), schedule: id().optional() }),
      summary: 'Who is on call now (or `at`) and who is next, per schedule',
      responses: { 200: answers('Per schedule: now and next (person null: nobody then)', oncallResponse), 404: 'No such schedule' },
      handler: async ({ query }) => {
        const at = query.at ?? deps.clock.now();
        return { at: iso(at), schedules: whoIsOnCall(deps.config(), at, query.schedule).map(nowJson) };
      },
    }),
    route({
      method: 'GET',
      url: '/api/v1/schedules',
      tag: 'oncall',
      access: 'read',
      summary: 'Schedules as defined (times of overrides in ms), people with their channel ids, and the overrides made through the API',
      responses: { 200: answers('Schedules, people and API overrides', schedulesResponse) },
      handler: async () => {
        const config = deps.config();
        return { schedules: config.schedules ?? {}, people: config.people ?? {}, api_overrides: config.oncallOverrides ?? [] };
      },
    }),
    route<{ id: string }, { from: number; to: number }>({
      method: 'GET',
      url: '/api/v1/schedules/:id/shifts',
      tag: 'oncall',
      access: 'read',
      params: scheduleParams,
      query: z.strictObject({ from: queryTime(), to: queryTime() }),
      summary: 'Who is on call from `from` to `to` (at most 400 days), layers and overrides applied',
      responses: { 200: answers('Shifts in order; hours nobody covers are absent', shiftsResponse), 404: 'No such schedule' },
      handler: async ({ params, query }) => ({ schedule: params.id, shifts: shiftsOf(deps.config(), params.id, query.from, query.to).map(personJson) }),
    }),
    route<{ id: string }>({
      method: 'GET',
      url: '/api/v1/schedules/:id/overrides',
      tag: 'oncall',
      access: 'read',
      params: scheduleParams,
      summary: "A schedule's overrides: tocsin.yaml's and the API's (only these have an id to delete)",
      responses: { 200: answers('Overrides by start', overridesResponse), 404: 'No such schedule' },
      handler: async ({ params }) => {
        const rota = known(params.id);
        const stored = await listOverrides(deps.db, { schedule: params.id });
        const file = rota.overrides.filter((o) => o.id === 'file').map((o) => ({ source: 'config', ...o, id: null }));
        const api = stored.map((o) => ({ source: 'api', ...o }));
        return { overrides: [...file, ...api].sort((a, b) => a.start - b.start).map((o) => ({ ...o, start: iso(o.start), end: iso(o.end) })) };
      },
    }),
    route<{ id: string }, undefined, z.output<typeof overrideBody>>({
      method: 'POST',
      url: '/api/v1/schedules/:id/overrides',
      tag: 'oncall',
      access: 'write',
      params: scheduleParams,
      body: overrideBody,
      summary: 'Add an override { person, start, end, reason }: a holiday or a swap; it may not overlap another',
      responses: { 201: answers('Created', overrideResponse), 400: 'Invalid override', 404: 'No such schedule', 409: 'Overlaps another override' },
      handler: async ({ params, body, actor, reply }) => {
        const created = await createOverride(deps.db, deps.config(), params.id, body, actor, deps.clock.now());
        await deps.onResourcesChanged();
        reply.status(201).header('location', `/api/v1/schedules/${params.id}/overrides/${created.id}`);
        return { override: { source: 'api', ...created, start: iso(created.start), end: iso(created.end) } };
      },
    }),
    route<{ id: string; override: string }>({
      method: 'DELETE',
      url: '/api/v1/schedules/:id/overrides/:override',
      tag: 'oncall',
      access: 'write',
      params: overrideParams,
      summary: 'Remove an override made through the API',
      responses: { 204: 'Removed', 404: 'No such override' },
      handler: async ({ params, actor, reply }) => {
        await removeOverride(deps.db, params.id, params.override, actor, deps.clock.now());
        await deps.onResourcesChanged();
        return reply.status(204).send();
      },
    }),
    route<{ id: string }>({
      method: 'GET',
      url: '/api/v1/schedules/:id/calendar',
      tag: 'oncall',
      access: 'read',
      params: scheduleParams,
      summary: "The schedule's iCal feed address, with the token that lets a calendar app read it without signing in",
      responses: { 200: answers('The feed address', calendarPathResponse), 404: 'No such schedule' },
      handler: async ({ params }) => {
        known(params.id);
        return { path: `/api/v1/schedules/${params.id}/calendar.ics?token=${await calendarToken(deps.db, params.id)}` };
      },
    }),
  ];
}

/**
 * GET /api/v1/schedules/:id/calendar.ics?token=…: registered beside the table, since its token stands
 * in for signing in; its spec rides along so the OpenAPI document lists it.
 */
export function registerCalendarFeed(app: FastifyInstance, deps: ApiDeps): void {
  const spec = route<{ id: string }, { token?: string }>({
    method: 'GET',
    url: '/api/v1/schedules/:id/calendar.ics',
    tag: 'oncall',
    access: 'read',
    params: scheduleParams,
    query: feedQuery,
    summary: 'The schedule as an iCalendar feed (RFC 5545, UTC times): with ?token= from …/calendar, or signed in or with an API token',
    responses: { 200: 'text/calendar: a VEVENT per shift, the past month and the next three', 401: 'No or wrong token', 404: 'No such schedule' },
    handler: ({ params, query, request, reply }) => serveFeed(deps, params.id, query.token, request, reply),
  });
  app.route({
    method: 'GET',
    url: spec.url,
    config: { apiSpec: spec },
    handler: async (request, reply) => {
      const params = parseInput(scheduleParams, request.params, 'path');
      const query = parseInput(feedQuery, request.query, 'query');
      return serveFeed(deps, params.id, query.token, request, reply);
    },
  });
}

async function serveFeed(deps: ApiDeps, schedule: string, token: string | undefined, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  mustExist(deps, schedule);
  if (!request.actor && (token === undefined || !(await calendarTokenMatches(deps.db, schedule, token)))) {
    throw new TocsinError('unauthorized', 'expected ?token= from GET /api/v1/schedules/<id>/calendar, or an API token (Authorization: Bearer …)');
  }
  const publicUrl = deps.config().server.public_url;
  const body = scheduleCalendar(deps.config(), schedule, publicUrl ? new URL(publicUrl).host : 'tocsin', deps.clock.now());
  return reply
    .header('content-type', 'text/calendar; charset=utf-8')
    .header('content-disposition', `inline; filename="${schedule}.ics"`)
    .header('cache-control', 'private, max-age=300')
    .send(body);
}

function mustExist(deps: ApiDeps, schedule: string): void {
  rotaFor(deps.config(), schedule);
}

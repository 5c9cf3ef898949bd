/**
 * Response incidents (core/incident/types.ts), their notes, post-mortems and action items, and the
 * incident report. Under /api/v1/response-incidents: /api/v1/incidents/:id stays the status-page post.
 * Every write goes through services/incident-response.ts and incident-actions.ts.
 */
import { z } from 'zod';
import { probeTargetPolicy } from '../../core/targets/policy.js';
import { ACTION_ITEM_STATES, ANALYSIS_FIELDS, INCIDENT_STATES, type ActionItemState, type IncidentState, type Severity } from '../../core/incident/types.js';
import { parseDuration } from '../../lib/duration.js';
import { addActionItem, changeActionItem } from '../../services/incident-actions.js';
import { listResponseIncidents } from '../../services/incident-list.js';
import { incidentReport } from '../../services/incident-report.js';
import { incidentView, mailPostmortem, postmortemOf, publishOnPage, readTemplate } from '../../services/incident-postmortem.js';
import { changeAndAnnounce, publicUpdatesOf } from '../../services/incident-public.js';
import { addNote, LIMITS, openByHand, settlePostmortem, type IncidentChange } from '../../services/incident-response.js';
import { overdueActionItems } from '../../store/response-incidents.js';
import {
  actionItemSchema,
  incidentReportResponse,
  overdueActionItemsResponse,
  postmortemActionResponse,
  responseIncidentListResponse,
  responseIncidentSchema,
  responseIncidentViewResponse,
} from '../../schema/api-response-incidents.js';
import type { Actor } from '../auth/access.js';
import type { ApiDeps } from './deps.js';
import { answers, queryInt, route, type ApiRoute } from './route.js';

const idParams = z.object({ id: z.string().min(1).max(100) });
const text = (max: number) => z.string().trim().min(1).max(max);
const severity = z
  .union([
    z.number().int().min(1).max(4),
    z
      .string()
      .regex(/^(?:sev)?[1-4]$/i, 'expected 1 to 4 or SEV1 to SEV4')
      .transform((s) => Number(s.slice(-1))),
  ])
  .transform((n) => n as Severity)
  .meta({ description: '1 (SEV1, the worst) to 4' });
const day = z.iso
  .date()
  .transform((d) => Date.parse(`${d}T23:59:59.999Z`))
  .meta({ description: 'The last day, YYYY-MM-DD (UTC): overdue from the next day' });
const link = z.strictObject({ label: text(LIMITS.name), url: z.url({ protocol: /^https?$/ }).max(LIMITS.url) });

const openBody = z.strictObject({
  title: text(LIMITS.title),
  severity,
  commander: text(LIMITS.name).optional(),
  components: z.array(text(LIMITS.name)).max(LIMITS.components).optional(),
  summary: text(LIMITS.analysis).optional(),
});

const changeBody = z.strictObject({
  title: text(LIMITS.title).optional(),
  severity: severity.optional(),
  state: z.enum(INCIDENT_STATES as [IncidentState, ...IncidentState[]]).optional(),
  commander: text(LIMITS.name).nullable().optional(),
  add_participants: z.array(text(LIMITS.name)).max(LIMITS.people).optional(),
  add_links: z.array(link).max(LIMITS.links).optional(),
  components: z.array(text(LIMITS.name)).max(LIMITS.components).optional(),
  add_posts: z.array(text(100)).max(20).optional().meta({ description: 'Status page post ids this incident publishes to' }),
  analysis: z
    .partialRecord(z.enum(ANALYSIS_FIELDS), z.string().max(LIMITS.analysis))
    .optional()
    .meta({ description: 'Sections people write: summary, root_cause, trigger, went_well, went_badly, lucky ("" clears one)' }),
  public_update: z
    .union([text(2000), z.literal(false)])
    .optional()
    .meta({
      description:
        'When the state changes: the words of the update posted on the linked status page posts, instead of incidents.public_wording; false posts none',
    }),
});

const noteBody = z.strictObject({ text: text(LIMITS.note) });

const postmortemBody = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('publish'), page: z.string().min(1).max(100).meta({ description: 'Status page slug' }) }),
  z.strictObject({ action: z.literal('waive'), reason: text(LIMITS.note) }),
  z.strictObject({ action: z.literal('mail'), channel: z.string().min(1).max(100).meta({ description: 'An email channel' }) }),
]);

const itemBody = z.strictObject({
  title: text(LIMITS.title),
  owner: text(LIMITS.name).optional(),
  due: day.optional(),
  link: z
    .url({ protocol: /^https?$/ })
    .max(LIMITS.url)
    .optional(),
});

const itemChange = z.strictObject({
  title: text(LIMITS.title).optional(),
  owner: text(LIMITS.name).nullable().optional(),
  due: day.nullable().optional(),
  state: z.enum(ACTION_ITEM_STATES as [ActionItemState, ...ActionItemState[]]).optional(),
  link: z
    .url({ protocol: /^https?$/ })
    .max(LIMITS.url)
    .nullable()
    .optional(),
});

const listQuery = z.strictObject({
  state: z.enum(['open', 'all']).default('all').meta({ description: 'open: not resolved' }),
  limit: queryInt(1, 500).optional(),
});

const formatQuery = z.strictObject({ format: z.enum(['markdown', 'html']).default('markdown') });

const since = z
  .string()
  .default('90d')
  .transform((t, ctx) => {
    const ms = parseDuration(t);
    if (ms === undefined || ms < 3_600_000 || ms > 800 * 86_400_000) {
      ctx.addIssue({ code: 'custom', message: 'expected a duration from 1h to 800d, such as 90d' });
      return z.NEVER;
    }
    return ms;
  });

type Open = z.output<typeof openBody>;
type Change = z.output<typeof changeBody>;
type Note = z.output<typeof noteBody>;
type PostmortemAction = z.output<typeof postmortemBody>;
type Item = z.output<typeof itemBody>;
type ItemChange = z.output<typeof itemChange>;
type Id = { id: string };

export function responseIncidentRoutes(deps: ApiDeps): ApiRoute[] {
  const ctx = (actor: Actor) => ({ db: deps.db, now: deps.clock.now(), actor: { kind: actor.kind, id: actor.id, label: actor.label } });
  // The engine's view of open incidents follows a change made by hand (a resolve, a new one).
  const refreshed = async <T>(value: T): Promise<T> => {
    await deps.incidents?.refresh();
    return value;
  };
  const template = () => readTemplate(deps.config().incidents?.postmortem_template, deps.incidents?.templateDir ?? process.cwd());
  return [
    route<undefined, z.output<typeof listQuery>>({
      method: 'GET',
      url: '/api/v1/response-incidents',
      summary: 'Response incidents, newest first',
      tag: 'response-incidents',
      access: 'read',
      query: listQuery,
      responses: { 200: answers('The incidents, newest first', responseIncidentListResponse) },
      handler: async ({ query, request }) => ({
        incidents: await listResponseIncidents(deps.db, request.log, { unresolved: query.state === 'open', limit: query.limit ?? 100 }),
      }),
    }),
    route<undefined, undefined, Open>({
      method: 'POST',
      url: '/api/v1/response-incidents',
      summary: 'Open a response incident by hand',
      tag: 'response-incidents',
      access: 'write',
      body: openBody,
      responses: { 201: answers('The incident', responseIncidentSchema), 400: 'invalid input' },
      handler: async ({ body, actor, reply }) => {
        const incident = await openByHand(ctx(actor), {
          title: body.title,
          severity: body.severity,
          ...(body.commander !== undefined && { commander: body.commander }),
          ...(body.components !== undefined && { components: body.components }),
          ...(body.summary !== undefined && { summary: body.summary }),
        });
        reply.status(201);
        return refreshed(incident);
      },
    }),
    route<Id>({
      method: 'GET',
      url: '/api/v1/response-incidents/:id',
      summary: 'One incident with its timeline (UTC), derived times and action items',
      tag: 'response-incidents',
      access: 'read',
      params: idParams,
      responses: {
        200: answers('The incident, whether it is closed, its derived times, timeline and action items', responseIncidentViewResponse),
        404: 'no such incident',
      },
      handler: async ({ params }) => incidentView(deps.db, params.id, deps.clock.now()),
    }),
    route<Id, undefined, Change>({
      method: 'POST',
      url: '/api/v1/response-incidents/:id',
      summary:
        'Change an incident: state, severity, commander, participants, links, components, posts, analysis; a state change updates the linked status page posts',
      tag: 'response-incidents',
      access: 'write',
      params: idParams,
      body: changeBody,
      responses: { 200: answers('The incident', responseIncidentSchema), 400: 'invalid input', 404: 'no such incident', 409: 'already resolved' },
      handler: async ({ params, body, actor }) => {
        const config = deps.config();
        const announce = { ...ctx(actor), pages: config.status_pages, publicUpdates: publicUpdatesOf(config) };
        const { incident, posts } = await changeAndAnnounce(announce, params.id, changeOf(body), body.public_update);
        for (const post of posts) deps.incidents?.onPost?.(post);
        return refreshed(incident);
      },
    }),
    route<Id, undefined, Note>({
      method: 'POST',
      url: '/api/v1/response-incidents/:id/notes',
      summary: "Add a note to an incident's timeline",
      tag: 'response-incidents',
      access: 'write',
      params: idParams,
      body: noteBody,
      responses: { 201: answers('The incident', responseIncidentSchema), 400: 'invalid input', 404: 'no such incident' },
      handler: async ({ params, body, actor, reply }) => {
        reply.status(201);
        return refreshed(await addNote(ctx(actor), params.id, body.text));
      },
    }),
    route<Id, z.output<typeof formatQuery>>({
      method: 'GET',
      url: '/api/v1/response-incidents/:id/postmortem',
      summary: 'The post-mortem draft as Markdown or HTML, from the configured template',
      tag: 'response-incidents',
      access: 'read',
      params: idParams,
      query: formatQuery,
      responses: { 200: 'text/markdown or text/html: the post-mortem draft, as format asks', 404: 'no such incident' },
      handler: async ({ params, query, reply }) => {
        const draft = await postmortemOf(deps.db, params.id, deps.clock.now(), await template());
        return reply
          .type(query.format === 'html' ? 'text/html; charset=utf-8' : 'text/markdown; charset=utf-8')
          .send(query.format === 'html' ? draft.html : draft.markdown);
      },
    }),
    route<Id, undefined, PostmortemAction>({
      method: 'POST',
      url: '/api/v1/response-incidents/:id/postmortem',
      summary: 'Publish the post-mortem on a status page, waive it (both close a resolved incident), or mail it through an email channel',
      tag: 'response-incidents',
      access: 'write',
      params: idParams,
      body: postmortemBody,
      responses: {
        200: answers('The incident (publish, waive), or {ok, line} (mail)', postmortemActionResponse),
        400: 'invalid input',
        404: 'no such incident, page or channel',
        409: 'not resolved',
      },
      handler: async ({ params, body, actor }) => {
        const now = deps.clock.now();
        if (body.action === 'waive') return settlePostmortem(ctx(actor), params.id, 'waived', body.reason);
        const draft = await postmortemOf(deps.db, params.id, now, await template());
        if (body.action === 'mail')
          return mailPostmortem(deps.config().channels, body.channel, draft, now, probeTargetPolicy(deps.config().server.probe_targets));
        const pages = deps.config().status_pages;
        const after = deps.incidents?.onPost;
        return publishOnPage({ ...ctx(actor), pages, ...(after && { after }) }, params.id, body.page, draft);
      },
    }),
    route<Id, undefined, Item>({
      method: 'POST',
      url: '/api/v1/response-incidents/:id/action-items',
      summary: 'Add an action item to an incident',
      tag: 'response-incidents',
      access: 'write',
      params: idParams,
      body: itemBody,
      responses: { 201: answers('The action item', actionItemSchema), 400: 'invalid input', 404: 'no such incident' },
      handler: async ({ params, body, actor, reply }) => {
        reply.status(201);
        return addActionItem(ctx(actor), params.id, {
          title: body.title,
          ...(body.owner !== undefined && { owner: body.owner }),
          ...(body.due !== undefined && { dueAt: body.due }),
          ...(body.link !== undefined && { link: body.link }),
        });
      },
    }),
    route<Id, undefined, ItemChange>({
      method: 'POST',
      url: '/api/v1/action-items/:id',
      summary: "Change an action item's title, owner, due date, state or link",
      tag: 'response-incidents',
      access: 'write',
      params: idParams,
      body: itemChange,
      responses: { 200: answers('The action item', actionItemSchema), 400: 'invalid input', 404: 'no such action item' },
      handler: async ({ params, body, actor }) =>
        changeActionItem(ctx(actor), params.id, {
          ...(body.title !== undefined && { title: body.title }),
          ...(body.owner !== undefined && { owner: body.owner }),
          ...(body.due !== undefined && { dueAt: body.due }),
          ...(body.state !== undefined && { state: body.state }),
          ...(body.link !== undefined && { link: body.link }),
        }),
    }),
    route({
      method: 'GET',
      url: '/api/v1/action-items/overdue',
      summary: 'Open action items past their due date, the most overdue first',
      tag: 'response-incidents',
      access: 'read',
      responses: { 200: answers('Overdue open action items, the most overdue first', overdueActionItemsResponse) },
      handler: async () => ({ actionItems: await overdueActionItems(deps.db, deps.clock.now(), 500) }),
    }),
    route<undefined, { since: number }>({
      method: 'GET',
      url: '/api/v1/report',
      summary: 'Incidents by severity; time to detect, acknowledge and recover; per monitor, tag and month; uptime per component; overdue action items',
      tag: 'response-incidents',
      access: 'read',
      query: z.strictObject({ since: since.meta({ description: 'How far back, 1h to 800d; default 90d' }) }),
      responses: { 200: answers('The report', incidentReportResponse), 400: 'invalid since' },
      handler: async ({ query }) => {
        const now = deps.clock.now();
        return incidentReport(deps.db, deps.config(), { from: now - query.since, to: now + 1, now });
      },
    }),
  ];
}

function changeOf(body: Change): IncidentChange {
  return {
    ...(body.title !== undefined && { title: body.title }),
    ...(body.severity !== undefined && { severity: body.severity }),
    ...(body.state !== undefined && { state: body.state }),
    ...(body.commander !== undefined && { commander: body.commander }),
    ...(body.add_participants !== undefined && { addParticipants: body.add_participants }),
    ...(body.add_links !== undefined && { addLinks: body.add_links }),
    ...(body.components !== undefined && { components: body.components }),
    ...(body.add_posts !== undefined && { addPosts: body.add_posts }),
    ...(body.analysis !== undefined && { analysis: body.analysis }),
  };
}

/**
 * OpenAPI 3.1 from the route table: the same zod schemas that validate each request describe it,
 * and the zod schemas of src/schema/api-*.ts describe each answer, so the document cannot drift
 * from what the server accepts and sends. Served at /api/v1/openapi.json, with a small
 * self-contained reference page at /api/docs.
 */
import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { ackResponse, alertSchema, deliverySchema } from '../../schema/api-alerts.js';
import { postSchema } from '../../schema/api-incidents.js';
import {
  heartbeatRunSchema,
  monitorResponse,
  monitorStateSchema,
  monitorViewSchema,
  notificationSchema,
  resultSchema,
  rollupSchema,
  uptimeSchema,
} from '../../schema/api-monitors.js';
import {
  channelResponse,
  channelViewSchema,
  escalationResponse,
  planResponse,
  statusPageResponse,
  statusPageViewSchema,
  windowResponse,
  windowViewSchema,
} from '../../schema/api-resources.js';
import { tokenSchema, userSchema } from '../../schema/api-session.js';
import { requestJsonSchema, responseJsonSchemas } from '../../schema/json-schema.js';
import { routeCatalog } from '../route-catalog.js';
import { docsPage } from './docs-page.js';
import { OTHER_ROUTES, type OtherRouteDoc } from './openapi-routes.js';
import type { ApiRoute, ResponseDoc } from './route.js';

type JsonSchema = Record<string, unknown>;

/** Shapes many answers carry, named once in components.schemas. */
const SHARED: ReadonlyArray<[string, z.ZodType]> = [
  ['Monitor', monitorViewSchema],
  ['MonitorState', monitorStateSchema],
  ['Result', resultSchema],
  ['Rollup', rollupSchema],
  ['Uptime', uptimeSchema],
  ['HeartbeatRun', heartbeatRunSchema],
  ['Notification', notificationSchema],
  ['Alert', alertSchema],
  ['Delivery', deliverySchema],
  ['Channel', channelViewSchema],
  ['MaintenanceWindow', windowViewSchema],
  ['StatusPage', statusPageViewSchema],
  ['Post', postSchema],
  ['User', userSchema],
  ['Token', tokenSchema],
  // Answers several routes give: named for what they hold, not for the first route that gives them.
  ['MonitorAnswer', monitorResponse],
  ['ChannelAnswer', channelResponse],
  ['PolicyAnswer', escalationResponse],
  ['WindowAnswer', windowResponse],
  ['StatusPageAnswer', statusPageResponse],
  ['AckAnswer', ackResponse],
  ['Plan', planResponse],
];

const ERROR = { $ref: '#/components/schemas/Error' };

/** Collects the answer schemas while operations are described, to generate them together at the end. */
class Answers {
  readonly named = new Map<string, z.ZodType>(SHARED);
  private readonly names = new Map<z.ZodType, string>(SHARED.map(([name, schema]) => [schema, name]));

  /** `{description, content}` of one status; bodies of errors are always `Error`. */
  response(status: number, doc: ResponseDoc, operationId: string) {
    const description = typeof doc === 'string' ? doc : doc.description;
    if (status >= 400) return { description, content: { 'application/json': { schema: ERROR } } };
    if (typeof doc === 'string') return { description };
    return { description, content: { 'application/json': { schema: { $ref: `#/components/schemas/${this.nameOf(doc.body, operationId, status)}` } } } };
  }

  private nameOf(schema: z.ZodType, operationId: string, status: number): string {
    let name = this.names.get(schema);
    if (!name) {
      name = `${operationId[0]!.toUpperCase()}${operationId.slice(1)}${status === 200 ? '' : status}Response`;
      this.names.set(schema, name);
      this.named.set(name, schema);
    }
    return name;
  }
}

function parameters(schema: z.ZodType | undefined, where: 'path' | 'query') {
  if (!schema) return [];
  const object = requestJsonSchema(schema);
  const properties = (object.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((object.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || required.has(name),
    ...(typeof property.description === 'string' && { description: property.description }),
    schema: property,
  }));
}

function requestBody(schema: z.ZodType | undefined) {
  return schema && { requestBody: { required: true, content: { 'application/json': { schema: requestJsonSchema(schema) } } } };
}

function responses(all: Record<number, ResponseDoc>, operationId: string, answers: Answers) {
  return Object.fromEntries(Object.entries(all).map(([status, doc]) => [status, answers.response(Number(status), doc, operationId)]));
}

function operation(spec: ApiRoute, answers: Answers) {
  const operationId = operationIdOf(spec.method, spec.url);
  return {
    summary: spec.summary,
    tags: [spec.tag],
    operationId,
    'x-access': spec.access,
    parameters: [...parameters(spec.params, 'path'), ...parameters(spec.query, 'query')],
    ...requestBody(spec.body ?? spec.bodyDoc),
    responses: responses({ ...spec.responses, 400: spec.responses[400] ?? 'Invalid input', 401: 'Not signed in', 403: 'Not allowed' }, operationId, answers),
    security: [{ bearer: [] }, { session: [] }],
  };
}

function operationIdOf(method: string, url: string): string {
  return `${method.toLowerCase()}${url.replace(/\/:?([a-z]+)/gi, (_m, word: string) => word[0]!.toUpperCase() + word.slice(1))}`;
}

const pathOf = (url: string) => url.replace(/:([A-Za-z_]+)/g, '{$1}');

const signInNeeded: Record<number, ResponseDoc> = { 401: 'Not signed in' };

const UNDESCRIBED: OtherRouteDoc = { summary: '', tag: 'other', access: 'read', responses: { 200: 'Done; the body is JSON' } };

/** A route from outside the table: described in OTHER_ROUTES, its path parameters from the URL. */
function otherOperation(method: string, url: string, answers: Answers) {
  const found = OTHER_ROUTES[`${method} ${url}`];
  const doc = found ?? { ...UNDESCRIBED, summary: `Undocumented: describe ${method} ${url} in src/api/routes/openapi-routes.ts` };
  const names = [...url.matchAll(/:([A-Za-z_]+)/g)].map((m) => m[1]!);
  const operationId = operationIdOf(method, url);
  const open = doc.access === 'open';
  const agent = doc.access === 'agent';
  return {
    summary: doc.summary,
    tags: [doc.tag],
    operationId,
    'x-access': doc.access,
    parameters: [...names.map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } })), ...parameters(doc.query, 'query')],
    ...requestBody(doc.body),
    responses: responses({ ...doc.responses, 400: doc.responses[400] ?? 'Invalid input', ...(open || agent ? {} : signInNeeded) }, operationId, answers),
    security: open ? [] : agent ? [{ bearer: [] }] : [{ bearer: [] }, { session: [] }],
  };
}

/** `routes` from the route table; `others`, every other /api/ route the app registered. */
export function openApiDocument(routes: readonly ApiRoute[], version: string, others: ReadonlyArray<{ method: string; url: string }> = []): JsonSchema {
  const answers = new Answers();
  const paths: Record<string, Record<string, unknown>> = {};
  for (const spec of routes) (paths[pathOf(spec.url)] ??= {})[spec.method.toLowerCase()] = operation(spec, answers);
  for (const { method, url } of others) (paths[pathOf(url)] ??= {})[method.toLowerCase()] ??= otherOperation(method, url, answers);
  const tags = [...new Set(Object.values(paths).flatMap((ops) => Object.values(ops).flatMap((op) => (op as { tags: string[] }).tags)))].sort();
  return {
    openapi: '3.1.0',
    info: {
      title: 'tocsin API',
      version,
      description: 'Monitors, results, states, alerts and integrations. Monitors defined in tocsin.yaml are read-only here; see docs/api.md.',
    },
    // Relative: the document is served by the tocsin it describes, wherever that is reached.
    servers: [{ url: '/', description: 'the tocsin serving this document' }],
    tags: tags.map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, session: { type: 'apiKey', in: 'cookie', name: 'tocsin_session' } },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: { type: 'string', description: 'What went wrong, for a person' },
            field: { type: 'string', description: 'The input field at fault' },
            expected: { type: 'string', description: 'What the field should have been' },
          },
        },
        ...responseJsonSchemas(answers.named),
      },
    },
  };
}

/** Public on purpose: the document describes the API, it holds no data. */
export function registerOpenApi(app: FastifyInstance, routes: () => readonly ApiRoute[], version: string): void {
  let cached: JsonSchema | undefined;
  app.get('/api/v1/openapi.json', async () => (cached ??= documentOf(app, routes(), version)));
  app.get('/api/docs', async (_request, reply) => reply.type('text/html; charset=utf-8').send(docsPage('/api/v1/openapi.json')));
}

/**
 * Read when first asked, after every module has registered its routes: the table's routes wherever
 * they were registered (incidents register theirs apart), and every other /api/ route.
 */
function documentOf(app: FastifyInstance, fallback: readonly ApiRoute[], version: string): JsonSchema {
  const catalog = routeCatalog(app);
  if (!catalog) return openApiDocument(fallback, version);
  const specs = [...new Set(catalog.flatMap((entry) => (entry.spec ? [entry.spec] : [])))];
  // The probe agents' routes live outside /api/ (they take an agent's token, not a person's).
  const others = catalog.filter((entry) => !entry.spec && (entry.url.startsWith('/api/') || entry.url.startsWith('/agent/')));
  return openApiDocument(specs, version, others);
}

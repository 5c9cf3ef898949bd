/**
 * OpenAPI 3.1 from the route table: the same zod schemas that validate each request describe it,
 * so the document cannot drift from what the server accepts. Served at /api/v1/openapi.json, with
 * a small self-contained reference page at /api/docs.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { routeCatalog } from '../route-catalog.js';
import { docsPage } from './docs-page.js';
import { OTHER_ROUTES } from './openapi-routes.js';
import type { ApiRoute } from './route.js';

type JsonSchema = Record<string, unknown>;

function jsonSchema(schema: z.ZodType): JsonSchema {
  // Input side: what clients send (durations as "30s"), not what the engine receives.
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: 'input', target: 'draft-2020-12', unrepresentable: 'any' });
  return rest;
}

function parameters(schema: z.ZodType | undefined, where: 'path' | 'query') {
  if (!schema) return [];
  const object = jsonSchema(schema);
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

function operation(spec: ApiRoute) {
  const body = spec.body ?? spec.bodyDoc;
  return {
    summary: spec.summary,
    tags: [spec.tag],
    operationId: operationId(spec.method, spec.url),
    'x-access': spec.access,
    parameters: [...parameters(spec.params, 'path'), ...parameters(spec.query, 'query')],
    ...(body && { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(body) } } } }),
    responses: Object.fromEntries(
      Object.entries({ ...spec.responses, 400: spec.responses[400] ?? 'Invalid input', 401: 'Not signed in', 403: 'Not allowed' }).map(
        ([status, description]) => [
          status,
          { description, ...(Number(status) >= 400 && { content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } }) },
        ],
      ),
    ),
    security: [{ bearer: [] }, { session: [] }],
  };
}

function operationId(method: string, url: string): string {
  return `${method.toLowerCase()}${url.replace(/\/:?([a-z]+)/gi, (_m, word: string) => word[0]!.toUpperCase() + word.slice(1))}`;
}

const pathOf = (url: string) => url.replace(/:([A-Za-z_]+)/g, '{$1}');

/** A route from outside the table: its summary and access from OTHER_ROUTES, its path parameters from the URL. */
function otherOperation(method: string, url: string) {
  const doc = OTHER_ROUTES[`${method} ${url}`];
  const names = [...url.matchAll(/:([A-Za-z_]+)/g)].map((m) => m[1]!);
  return {
    summary: doc?.summary ?? `Undocumented: describe ${method} ${url} in src/api/routes/openapi-routes.ts`,
    tags: [doc?.tag ?? 'other'],
    operationId: operationId(method, url),
    'x-access': doc?.access ?? 'read',
    parameters: names.map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } })),
    responses: {
      200: { description: 'Done; the body is JSON' },
      ...(doc?.access !== 'open' && {
        401: { description: 'Not signed in', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
      }),
      400: { description: 'Invalid input', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
    },
    security: doc?.access === 'open' ? [] : [{ bearer: [] }, { session: [] }],
  };
}

/** `routes` from the route table; `others`, every other /api/ route the app registered. */
export function openApiDocument(routes: readonly ApiRoute[], version: string, others: ReadonlyArray<{ method: string; url: string }> = []): JsonSchema {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const spec of routes) (paths[pathOf(spec.url)] ??= {})[spec.method.toLowerCase()] = operation(spec);
  for (const { method, url } of others) (paths[pathOf(url)] ??= {})[method.toLowerCase()] ??= otherOperation(method, url);
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
          properties: { error: { type: 'string' }, field: { type: 'string' }, expected: { type: 'string' } },
        },
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
  const others = catalog.filter((entry) => !entry.spec && entry.url.startsWith('/api/'));
  return openApiDocument(specs, version, others);
}

/**
 * OpenAPI 3.1 from the route table: the same zod schemas that validate each request describe it,
 * so the document cannot drift from what the server accepts. Served at /api/v1/openapi.json, with
 * a small self-contained reference page at /api/docs.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { docsPage } from './docs-page.js';
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
    operationId: `${spec.method.toLowerCase()}${spec.url.replace(/\/:?([a-z]+)/gi, (_m, word: string) => word[0]!.toUpperCase() + word.slice(1))}`,
    'x-access': spec.access,
    parameters: [...parameters(spec.params, 'path'), ...parameters(spec.query, 'query')],
    ...(body && { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(body) } } } }),
    responses: Object.fromEntries(
      Object.entries({ ...spec.responses, 400: spec.responses[400] ?? 'Invalid input', 401: 'Not signed in', 403: 'Not allowed' }).map(([status, description]) => [
        status,
        { description, ...(Number(status) >= 400 && { content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } }) },
      ]),
    ),
    security: [{ bearer: [] }, { session: [] }],
  };
}

export function openApiDocument(routes: readonly ApiRoute[], version: string): JsonSchema {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const spec of routes) {
    const path = spec.url.replace(/:([A-Za-z_]+)/g, '{$1}');
    (paths[path] ??= {})[spec.method.toLowerCase()] = operation(spec);
  }
  return {
    openapi: '3.1.0',
    info: { title: 'tocsin API', version, description: 'Monitors, results, states, alerts and integrations. Monitors defined in tocsin.yaml are read-only here; see docs/api.md.' },
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
  app.get('/api/v1/openapi.json', async () => (cached ??= openApiDocument(routes(), version)));
  app.get('/api/docs', async (_request, reply) => reply.type('text/html; charset=utf-8').send(docsPage('/api/v1/openapi.json')));
}

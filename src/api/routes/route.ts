/**
 * One table of API routes feeds three things: Fastify, the OpenAPI document and the fuzz test. Each
 * route names the access it needs (checked before anything else runs) and the zod schemas of its
 * path, query and body, so input is validated once, at the edge, by the same schemas as the config.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { TocsinError } from '../../lib/errors.js';
import { friendlyError, issuesToProblems } from '../../schema/messages.js';
import { requireAccess, type Access, type Actor } from '../auth/access.js';

export interface RouteInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  actor: Actor;
  request: FastifyRequest;
  reply: FastifyReply;
}

export interface RouteSpec<P, Q, B> {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Fastify syntax: /api/v1/monitors/:id */
  url: string;
  summary: string;
  tag: string;
  access: Access;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  /** Documents a body the handler validates itself (monitors: parseMonitor needs the defaults). */
  bodyDoc?: z.ZodType;
  /** Bytes the body may weigh when not the server's 1 MiB (larger bodies get 413). */
  bodyLimit?: number;
  /**
   * Status → what it means, for the OpenAPI document; a success with a body names its zod schema
   * (src/schema/api-*.ts), so the document, the dashboard's types and a drift test share it.
   */
  responses: Record<number, ResponseDoc>;
  handler(input: RouteInput<P, Q, B>): Promise<unknown>;
}

/** A status without a body (204) or an error (always `{error, field?, expected?}`) is described in words alone. */
export type ResponseDoc = string | { description: string; body: z.ZodType };

/** A response with a body of this schema. */
export const answers = (description: string, body: z.ZodType): ResponseDoc => ({ description, body });

/** A route with its types erased, so routes of different shapes share one list. */
export type ApiRoute = RouteSpec<unknown, unknown, unknown>;

export function route<P = undefined, Q = undefined, B = undefined>(spec: RouteSpec<P, Q, B>): ApiRoute {
  return spec;
}

/** Validates `input`; the first problem becomes a 400 naming the field and what was expected. */
export function parseInput<T>(schema: z.ZodType<T>, input: unknown, where: 'path' | 'query' | 'body'): T {
  const result = schema.safeParse(input, { error: friendlyError });
  if (result.success) return result.data;
  const problems = issuesToProblems(result.error.issues);
  const first = problems[0];
  const field = first?.path || where;
  const expected = first?.message ?? 'a valid value';
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : '';
  throw new TocsinError('invalid_input', `${where} ${field}: ${expected}${more}`, { field, expected });
}

export function registerRoutes(app: FastifyInstance, routes: readonly ApiRoute[]): void {
  for (const spec of routes) {
    app.route({
      method: spec.method,
      url: spec.url,
      config: { apiSpec: spec },
      ...(spec.bodyLimit !== undefined && { bodyLimit: spec.bodyLimit }),
      handler: async (request, reply) => {
        const actor = requireAccess(request, spec.access);
        const params = spec.params ? parseInput(spec.params, request.params, 'path') : undefined;
        const query = spec.query ? parseInput(spec.query, request.query, 'query') : undefined;
        const body = spec.body ? parseInput(spec.body, request.body ?? {}, 'body') : spec.bodyDoc ? request.body : undefined;
        const result = await spec.handler({ params, query, body, actor, request, reply });
        return reply.sent ? reply : result;
      },
    });
  }
}

/** Query values arrive as text: numbers are parsed strictly so "12abc" is refused, not read as 12. */
export const queryInt = (min: number, max: number) =>
  z
    .string()
    .regex(/^-?\d{1,15}$/, 'expected a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

/** A time in a query: epoch milliseconds or an ISO 8601 date-time with a zone. */
export const queryTime = () =>
  z
    .string()
    .refine((text) => timeOf(text) !== undefined, 'expected epoch milliseconds or an ISO 8601 date-time such as 2026-01-31T12:00:00Z')
    .transform((text) => timeOf(text) as number);

function timeOf(text: string): number | undefined {
  if (/^\d{1,15}$/.test(text)) return Number(text);
  if (!/^\d{4}-\d{2}-\d{2}T[\d:.]+(?:Z|[+-]\d{2}:\d{2})$/.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

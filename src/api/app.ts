import { constants as zlibConstants } from 'node:zlib';
import compress from '@fastify/compress';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Health } from '../core/health.js';
import { TocsinError, httpStatusOf } from '../lib/errors.js';
import { dashboardRoutes } from './dashboard.js';
import type { Logger } from '../lib/logger.js';
import { isTooLarge, refuseOversize } from './oversize.js';
import { watchRoutes } from './route-catalog.js';
import { Refusals, type RefusalCounter } from './refusals.js';

/**
 * tocsin validates with zod (src/schema), never with Fastify's JSON schemas: supplying these keeps
 * Fastify from loading its default compilers (ajv, fast-json-stringify), whose code every engine would
 * hold unused. A route declared with a schema fails at startup instead of going unvalidated.
 */
function refuseRouteSchemas(kind: string) {
  return () =>
    ({ method, url }: { method: string; url: string }): never => {
      throw new Error(`${method} ${url} declares a Fastify ${kind} schema: tocsin validates requests and replies with zod (src/schema)`);
    };
}
// Fastify types the factories after ajv's and fast-json-stringify's compilers, which these never return.
const SCHEMA_CONTROLLER = {
  compilersFactory: { buildValidator: refuseRouteSchemas('validation'), buildSerializer: refuseRouteSchemas('response') },
} as unknown as FastifyServerOptions['schemaController'];

/** Quality 4: near gzip -9 in size at a fraction of brotli 11's CPU, for bodies made per request. */
const BROTLI = { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 4 } };

export interface AppDeps {
  logger: Logger;
  health(): Health;
  /** server.trusted_proxies (and its deprecated spelling trust_proxy): from these, X-Forwarded-For names the client (request.ip). */
  proxies?: { trusted_proxies?: readonly string[]; trust_proxy?: readonly string[] | undefined };
  /** Counts bodies over their limit and refused alert intakes (tocsin_requests_refused_total). */
  refusals?: RefusalCounter;
  /** Cluster mode: this instance's leases and the instances sharing the store, shown in /healthz. */
  cluster?: () => Promise<unknown>;
}

/** What Fastify's trustProxy takes: every trusted address, or false for none (X-Forwarded-For ignored). */
function trustedProxies(deps: AppDeps): string[] | false {
  const { trusted_proxies: trusted = [], trust_proxy: deprecated } = deps.proxies ?? {};
  if (deprecated !== undefined) {
    deps.logger.warn('server.trust_proxy is deprecated: rename it server.trusted_proxies (both are read for now)');
  }
  const all = [...new Set([...trusted, ...(deprecated ?? [])])];
  return all.length > 0 ? all : false;
}

/**
 * The HTTP surface, built apart from listen() so tests can `inject` or listen
 * on port 0. Every error leaves as JSON `{error, field?, expected?}`, never a
 * stack trace.
 */
export function buildApp(deps: AppDeps): FastifyInstance {
  // Request lines are logged at info; the http child logs warnings and errors only, so
  // thousands of pings a minute do not drown the state changes that matter.
  const http = deps.logger.child({ component: 'http' }, { level: 'warn' }) as FastifyBaseLogger;
  const trustProxy = trustedProxies(deps);
  const app: FastifyInstance = Fastify({ loggerInstance: http, bodyLimit: 1_048_576, trustProxy, schemaController: SCHEMA_CONTROLLER });
  watchRoutes(app);
  // Responses over 1 kB go out compressed when the client accepts it (a 1,200-monitor list is ~800 kB raw).
  // The event stream (text/event-stream) is never buffered into a compressor; request bodies are
  // not inflated, so a small gzip body cannot expand past the body limit. Applied at once rather than
  // through app.register: the plugin works by an onRoute hook, and the API's routes are declared
  // right after buildApp returns, before a registered plugin would have loaded.
  compress(app, { threshold: 1024, encodings: ['br', 'gzip'], globalDecompression: false, brotliOptions: BROTLI }, (error) => {
    if (error) throw error;
  });

  const refusals = new Refusals(http, deps.refusals);
  app.setErrorHandler((error, request, reply) => {
    if (isTooLarge(error)) {
      refusals.note(request, 413, refuseOversize(error, request, reply));
      return reply;
    }
    if (error instanceof TocsinError) {
      const status = httpStatusOf(error.code);
      refusals.note(request, status, error.message);
      return reply.status(status).send({ error: error.message, ...error.details });
    }
    const status = (error as { statusCode?: number }).statusCode;
    const message = error instanceof Error ? error.message : String(error);
    if (status && status >= 400 && status < 500) {
      refusals.note(request, status, message);
      return reply.status(status).send({ error: message });
    }
    request.log.error({ err: error }, 'request failed');
    return reply.status(500).send({ error: 'internal error; see the tocsin log' });
  });
  app.setNotFoundHandler((request, reply) => reply.status(404).send({ error: `no route for ${request.method} ${request.url.split('?')[0]}` }));

  app.get('/livez', async () => ({ status: 'ok' }));
  app.get('/healthz', async (_request, reply) => {
    const health = deps.health();
    const body = {
      status: health.healthy ? 'ok' : 'unhealthy',
      checks: Object.fromEntries(health.checks.map((c) => [c.name, { ok: c.ok, detail: c.detail }])),
      ...(deps.cluster ? { cluster: await deps.cluster() } : {}),
    };
    return reply
      .status(health.healthy ? 200 : 503)
      .header('cache-control', 'no-store')
      .send(body);
  });
  // The built single-page app at /; it never answers for /api, /status, /ping and the other server paths.
  void app.register(dashboardRoutes, {});
  return app;
}

/**
 * A real tocsin (temp SQLite, 127.0.0.1:0) and, beside its app, a second Fastify app carrying the
 * same /api/v1 routes on the same running engine and store, whose only difference is a test hook
 * that sets `request.actor` from an `x-test-role` header. That hook stands in for the auth
 * plugin's contract (src/api/auth/access.ts), so these tests exercise the routes and services
 * without depending on how tokens are issued; auth.test.ts checks the real app refuses strangers.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Actor, Role } from '../../src/api/auth/access.js';
import { buildApp } from '../../src/api/app.js';
import { registerApi } from '../../src/api/routes/index.js';
import type { ApiRoute } from '../../src/api/routes/route.js';
import { silentLogger } from '../../src/lib/logger.js';
import { startLive, type Live } from '../alerting/live.js';

export type As = Role | 'read-token' | 'nobody';

export interface ApiHarness {
  live: Live;
  app: FastifyInstance;
  routes: ApiRoute[];
  call(as: As, method: string, url: string, body?: unknown): Promise<LightMyRequestResponse>;
  restart(): Promise<void>;
  close(): Promise<void>;
}

function actorFor(as: Exclude<As, 'nobody'>): Actor {
  if (as === 'read-token') return { kind: 'token', id: 'tok-read', label: 'token dashboard', role: 'admin', scope: 'read', viaCookie: false };
  return { kind: 'user', id: `user-${as}`, label: `${as}@example.org`, role: as, scope: 'write', viaCookie: false };
}

async function mount(live: Live): Promise<{ app: FastifyInstance; routes: ApiRoute[] }> {
  const app = buildApp({ logger: silentLogger(), health: () => live.tocsin.health() });
  app.addHook('onRequest', async (request) => {
    const as = request.headers['x-test-role'];
    if (typeof as === 'string' && as !== 'nobody') request.actor = actorFor(as as Exclude<As, 'nobody'>);
  });
  const routes = registerApi(app, live.tocsin.api);
  await app.ready();
  return { app, routes };
}

export async function startApi(config: (receiverUrl: string) => Record<string, unknown>): Promise<ApiHarness> {
  const live = await startLive(config);
  let mounted = await mount(live);
  const harness: ApiHarness = {
    live,
    get app() {
      return mounted.app;
    },
    get routes() {
      return mounted.routes;
    },
    call(as, method, url, body) {
      return mounted.app.inject({
        method: method as 'GET',
        url,
        headers: { 'x-test-role': as, ...(body !== undefined && { 'content-type': 'application/json' }) },
        ...(body !== undefined && { payload: typeof body === 'string' ? body : JSON.stringify(body) }),
      });
    },
    async restart() {
      await mounted.app.close();
      await live.restart();
      mounted = await mount(live);
    },
    async close() {
      await mounted.app.close();
      await live.close();
    },
  };
  return harness;
}

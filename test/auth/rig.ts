/** An app with authentication over a fresh SQLite store, a settable clock, and two sample resource routes. */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/api/app.js';
import { requireAccess } from '../../src/api/auth/access.js';
import { registerAuth, type Auth } from '../../src/api/auth/plugin.js';
import { silentLogger } from '../../src/lib/logger.js';
import { createToken } from '../../src/services/tokens.js';
import { createUser } from '../../src/services/users.js';
import { migrate } from '../../src/store/migrate.js';
import type { Store } from '../../src/store/open.js';
import { sqliteStore } from '../store/dialects.js';

export const PASSWORD = 'correct horse battery';
export const CLI = { kind: 'cli' as const, label: 'cli (test)' };

export interface AuthRig {
  app: FastifyInstance;
  store: Store;
  auth: Auth;
  clock: { now(): number; advance(ms: number): void };
  publicUrl: { value: string | undefined };
  /** Every route the app has, as registered. */
  routes: Array<{ method: string; url: string }>;
  addUser(email: string, role: 'viewer' | 'editor' | 'admin'): Promise<string>;
  tokenFor(userId: string, scope: 'read' | 'write'): Promise<string>;
  /** Signs in through the API; returns the cookie header and the CSRF token. */
  signIn(email: string, extra?: Record<string, string>): Promise<{ cookie: string; csrf: string; response: LightMyRequestResponse }>;
  close(): Promise<void>;
}

export async function authRig(): Promise<AuthRig> {
  const { store, cleanup } = await sqliteStore();
  await migrate(store.db);
  let now = Date.UTC(2026, 0, 5, 9, 0, 0);
  const clock = { now: () => now, advance: (ms: number) => void (now += ms) };
  const publicUrl = { value: undefined as string | undefined };
  const app = buildApp({ logger: silentLogger(), health: () => ({ healthy: true, checks: [] }) });
  const routes: Array<{ method: string; url: string }> = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routes.push({ method, url: route.url });
  });
  const auth = registerAuth(app, { db: store.db, clock, logger: silentLogger(), publicUrl: () => publicUrl.value });
  // Stand-ins for the resource routes another engineer registers after auth.
  app.get('/api/v1/things', async (request) => ({ read: requireAccess(request, 'read').label }));
  app.post('/api/v1/things', async (request) => ({ wrote: requireAccess(request, 'write').label }));
  await app.ready();

  const rig: AuthRig = {
    app,
    store,
    auth,
    clock,
    publicUrl,
    routes,
    async addUser(email, role) {
      return (await createUser(store.db, { email, role, password: PASSWORD }, { actor: CLI, now })).id;
    },
    async tokenFor(userId, scope) {
      return (await createToken(store.db, { userId, name: `${scope} token`, scope }, { actor: CLI, now })).secret;
    },
    async signIn(email, extra = {}) {
      const response = await app.inject({ method: 'POST', url: '/api/v1/login', payload: { email, password: PASSWORD, ...extra } });
      if (response.statusCode !== 200) throw new Error(`sign-in failed: ${response.statusCode} ${response.body}`);
      const cookie = String(response.headers['set-cookie']).split(';')[0]!;
      return { cookie, csrf: (response.json() as { csrf: string }).csrf, response };
    },
    async close() {
      await app.close();
      await store.close();
      await cleanup();
    },
  };
  return rig;
}

/** An app with authentication over a fresh SQLite store, a settable clock, and two sample resource routes. */
import { randomBytes, scryptSync } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/api/app.js';
import { requireAccess } from '../../src/api/auth/access.js';
import { registerAuth, type Auth } from '../../src/api/auth/plugin.js';
import type { ChannelConfig } from '../../src/channels/types.js';
import { base32Decode, totp } from '../../src/core/totp.js';
import { silentLogger } from '../../src/lib/logger.js';
import { createToken } from '../../src/services/tokens.js';
import { createUser } from '../../src/services/users.js';
import { migrate } from '../../src/store/migrate.js';
import type { Store } from '../../src/store/open.js';
import { getUser, saveUser } from '../../src/store/users.js';
import { sqliteStore } from '../store/dialects.js';

export const PASSWORD = 'correct horse battery';
export const CLI = { kind: 'cli' as const, label: 'cli (test)' };

const salt = randomBytes(16);
const CHEAP_HASH = ['scrypt', 1024, 8, 1, salt.toString('base64'), scryptSync(PASSWORD, salt, 32, { N: 1024, r: 8, p: 1 }).toString('base64')].join('$');

export interface AuthRig {
  app: FastifyInstance;
  store: Store;
  auth: Auth;
  clock: { now(): number; advance(ms: number): void };
  publicUrl: { value: string | undefined };
  /** The channels lockout-level notices are emailed through. */
  channels: { value: Record<string, ChannelConfig> };
  /** Every route the app has, as registered. */
  routes: Array<{ method: string; url: string }>;
  addUser(email: string, role: 'viewer' | 'editor' | 'admin'): Promise<string>;
  tokenFor(userId: string, scope: 'read' | 'write'): Promise<string>;
  /** Turns on two-factor sign-in with a fixed key; returns a function giving the current code. */
  enableTotp(userId: string): Promise<() => string>;
  /** Signs in through the API; returns the cookie header and the CSRF token. */
  signIn(email: string, extra?: Record<string, string>): Promise<{ cookie: string; csrf: string; response: LightMyRequestResponse }>;
  close(): Promise<void>;
}

export async function authRig(options: { trustedProxies?: string[] } = {}): Promise<AuthRig> {
  const { store, cleanup } = await sqliteStore();
  await migrate(store.db);
  let now = Date.UTC(2026, 0, 5, 9, 0, 0);
  const clock = { now: () => now, advance: (ms: number) => void (now += ms) };
  const publicUrl = { value: undefined as string | undefined };
  const channels = { value: {} as Record<string, ChannelConfig> };
  const app = buildApp({ logger: silentLogger(), health: () => ({ healthy: true, checks: [] }), proxies: { trusted_proxies: options.trustedProxies ?? [] } });
  const routes: Array<{ method: string; url: string }> = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routes.push({ method, url: route.url });
  });
  const auth = registerAuth(app, { db: store.db, clock, logger: silentLogger(), publicUrl: () => publicUrl.value, channels: () => channels.value });
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
    channels,
    routes,
    async addUser(email, role) {
      const { id } = await createUser(store.db, { email, role, password: PASSWORD }, { actor: CLI, now });
      // Cheap scrypt parameters (read back from the stored hash) keep tests that sign in dozens of
      // times fast on a busy machine; src/lib/password.test.ts covers the real ones.
      await saveUser(store.db, { ...(await getUser(store.db, id))!, passwordHash: CHEAP_HASH });
      return id;
    },
    async tokenFor(userId, scope) {
      return (await createToken(store.db, { userId, name: `${scope} token`, scope }, { actor: CLI, now })).secret;
    },
    async enableTotp(userId) {
      const key = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
      const user = (await getUser(store.db, userId))!;
      await saveUser(store.db, { ...user, totpKey: key, totpLastStep: null });
      return () => totp(base32Decode(key), now);
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

/** How many answers had each status: { 401: 1, 429: 11 }. */
export function statuses(answers: ReadonlyArray<{ statusCode: number }>): Record<number, number> {
  return answers.reduce<Record<number, number>>((acc, a) => ({ ...acc, [a.statusCode]: (acc[a.statusCode] ?? 0) + 1 }), {});
}

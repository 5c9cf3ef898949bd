/**
 * Authentication for the HTTP surface: the hook that identifies every request and the routes for
 * sessions, setup, tokens, users, two-factor and the audit log. Call registerAuth before any other
 * /api/v1 route is registered, so its hook runs in front of them.
 */
import fastifyCookie from '@fastify/cookie';
import type { FastifyInstance } from 'fastify';
import type { Clock } from '../../lib/clock.js';
import type { Logger } from '../../lib/logger.js';
import type { Db } from '../../store/schema.js';
import type { Channels } from './account-notice.js';
import { auditRoutes } from './audit-routes.js';
import { HashGate } from './hash-gate.js';
import { authHook } from './hook.js';
import { InFlight } from './in-flight.js';
import { meRoutes } from './me-routes.js';
import { sendRetryAfter } from './refusal.js';
import { sessionRoutes } from './session-routes.js';
import { SetupGate } from './setup.js';
import { tokenRoutes } from './token-routes.js';
import { userRoutes } from './user-routes.js';

export interface AuthDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  /** server.public_url, read per request: an https URL makes the cookie Secure behind a TLS proxy. */
  publicUrl(): string | undefined;
  /** The running config's channels: lockout-level notices are emailed through its email channels. */
  channels: Channels;
}

export interface Auth {
  /** When nobody can sign in yet, logs a one-time setup link under `baseUrl` and returns it. */
  announceSetup(baseUrl: string): Promise<string | undefined>;
}

export function registerAuth(app: FastifyInstance, deps: AuthDeps): Auth {
  const gate = new SetupGate(deps.db);
  // Cookies are parsed by the auth hook itself (hook: false), so they are read exactly once and only there.
  void app.register(fastifyCookie, { hook: false });
  // On the root instance, not in a plugin: the hook must cover routes other plugins register later.
  app.addHook('onRequest', authHook(deps));
  sendRetryAfter(app);
  // One gate and one in-flight count for every password check of this process: sign-ins and account changes.
  const checks = { db: deps.db, hashes: new HashGate(deps.clock), inFlight: new InFlight() };
  void app.register(sessionRoutes({ ...checks, clock: deps.clock, gate, publicUrl: deps.publicUrl, channels: deps.channels }));
  void app.register(tokenRoutes(deps));
  void app.register(userRoutes(deps));
  void app.register(meRoutes({ ...checks, clock: deps.clock }));
  void app.register(auditRoutes(deps));
  return {
    async announceSetup(baseUrl) {
      const token = await gate.open();
      if (token === undefined) return undefined;
      const link = `${baseUrl.replace(/\/+$/, '')}/setup?token=${token}`;
      // The one secret tocsin logs on purpose: it is useless once the first admin exists or tocsin restarts.
      deps.logger.warn(
        `no user can sign in yet: open ${link} to create the first admin (valid until tocsin restarts), or run: tocsin user add --admin <email>`,
      );
      return link;
    },
  };
}

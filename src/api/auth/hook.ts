/**
 * The onRequest hook for /api/: a bearer token or the session cookie becomes request.actor; cookie
 * writes need the CSRF token; nobody gets in unsigned except to the few routes that sign people in.
 * Public routes (/livez, /healthz, /ping, /status, /badge, /ack, /metrics) live outside /api/ and
 * are never touched: signed links and the metrics token carry their own credentials.
 */
import type { FastifyRequest } from 'fastify';
import type { Clock } from '../../lib/clock.js';
import { TocsinError } from '../../lib/errors.js';
import { authenticateToken } from '../../services/tokens.js';
import type { Db } from '../../store/schema.js';
import type { Actor } from './access.js';
import { SESSION_COOKIE, csrfMatches, resolveSession } from './sessions.js';
import { DOCUMENT_ROUTES } from '../routes/openapi-routes.js';
/** A calendar app cannot sign in: the feed checks its own token (routes/oncall.ts). */
const CALENDAR_FEED = 'GET /api/v1/schedules/:id/calendar.ics';

declare module 'fastify' {
  interface FastifyRequest {
    /** The cookie session behind request.actor, for logout, GET /api/v1/session and "signed in recently". */
    authSession?: { idHash: string; csrf: string; userId: string; createdAt: number };
  }
}

/** Reachable without signing in, and exempt from CSRF: they create sessions rather than act with one. */
const OPEN_ROUTES = new Set(['POST /api/v1/login', 'POST /api/v1/logout', 'GET /api/v1/setup', 'POST /api/v1/setup', ...DOCUMENT_ROUTES, CALENDAR_FEED]);
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function authHook(deps: { db: Db; clock: Clock }) {
  return async function authenticate(request: FastifyRequest): Promise<void> {
    // Both the URL as sent and the route it reached are judged: "/%61pi/v1/…" reaches /api/v1/…, and a
    // catch-all route (the dashboard's) can answer any URL.
    const raw = request.url.split('?')[0] ?? '/';
    const pattern = request.is404 ? raw : (request.routeOptions.url ?? raw);
    // Everything that reads or changes data is under /api/; the dashboard's files and the public
    // routes need no identity, and skipping them saves a session lookup per asset.
    if (!raw.startsWith('/api/') && !pattern.startsWith('/api/')) return;
    const route = `${request.method} ${pattern.replace(/\/+$/, '')}`;
    const why = await identify(request, deps);
    const actor = request.actor;
    if (
      actor?.viaCookie &&
      !SAFE_METHODS.has(request.method) &&
      !OPEN_ROUTES.has(route) &&
      !csrfMatches(request.authSession?.csrf ?? '', request.headers['x-csrf-token'])
    ) {
      throw new TocsinError('forbidden', 'missing or wrong X-CSRF-Token header; read the token from GET /api/v1/session and send it with every change');
    }
    if (!actor && !OPEN_ROUTES.has(route)) {
      throw new TocsinError('unauthorized', why ?? 'sign in or send an API token (Authorization: Bearer …)');
    }
  };
}

/** Sets request.actor when the request proves who it is; returns why not when it tried and failed. */
async function identify(request: FastifyRequest, deps: { db: Db; clock: Clock }): Promise<string | undefined> {
  const now = deps.clock.now();
  const authorization = request.headers.authorization;
  if (authorization !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match) throw new TocsinError('unauthorized', 'the Authorization header must be "Bearer <API token>"');
    const checked = await authenticateToken(deps.db, match[1]!, now);
    // A bad token is refused outright, even where no sign-in is needed: a script should learn its token is dead.
    if (!checked.ok) throw new TocsinError('unauthorized', checked.reason);
    request.actor = checked.actor;
    return undefined;
  }
  const secret = sessionCookie(request);
  if (secret === undefined) return undefined;
  const checked = await resolveSession(deps.db, secret, now);
  if (!checked.ok) return checked.reason;
  const { session } = checked;
  request.authSession = { idHash: session.idHash, csrf: session.csrf, userId: session.userId, createdAt: session.createdAt };
  request.actor = sessionActor(session);
  return undefined;
}

/** A signed-in person acts with their full role; the write scope is what a token would narrow. */
export function sessionActor(user: { userId: string; email: string; role: Actor['role'] }): Actor {
  return { kind: 'user', id: user.userId, label: user.email, role: user.role, scope: 'write', viaCookie: true };
}

/** The session cookie's value, if the request carries one that parses. */
function sessionCookie(request: FastifyRequest): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  const value = request.server.parseCookie(header)[SESSION_COOKIE];
  return value || undefined;
}

/** Signing in and out, "who am I", and the first-run setup that creates the first admin. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Clock } from '../../lib/clock.js';
import { createUser, publicUser, type PublicUser } from '../../services/users.js';
import { deleteSession } from '../../store/tokens.js';
import { getUser } from '../../store/users.js';
import { requireAccess } from './access.js';
import { parseInput } from './body.js';
import { login, type LoginDeps } from './login.js';
import { ABSOLUTE_MS, SESSION_COOKIE, startSession, type StartedSession } from './sessions.js';
import type { SetupGate } from './setup.js';

export interface SessionRouteDeps extends LoginDeps {
  clock: Clock;
  gate: SetupGate;
  publicUrl(): string | undefined;
}

export const LoginBody = z.object({ email: z.string().max(254), password: z.string().max(1024), totp: z.string().max(16).optional() });
export const SetupBody = z.object({ token: z.string().max(200), email: z.string().max(254), password: z.string().max(1024) });

export function sessionRoutes(deps: SessionRouteDeps) {
  /** Secure when the request came over TLS, or a TLS proxy in front serves server.public_url. */
  const secure = (request: FastifyRequest) => request.protocol === 'https' || (deps.publicUrl() ?? '').startsWith('https://');
  const signIn = (request: FastifyRequest, reply: FastifyReply, user: PublicUser, session: StartedSession) => {
    reply.header('set-cookie', request.server.serializeCookie(SESSION_COOKIE, session.secret, cookieOptions(secure(request), ABSOLUTE_MS / 1000)));
    reply.header('cache-control', 'no-store');
    return { user, csrf: session.csrf };
  };

  return async function routes(app: FastifyInstance): Promise<void> {
    app.post('/api/v1/login', async (request, reply) => {
      const body = parseInput(LoginBody, request.body);
      const { user, session, notices } = await login(deps, { ...body, ip: request.ip }, deps.clock.now());
      // The dashboard shows these once: attempts on the account since the last sign-in.
      return { ...signIn(request, reply, publicUser(user), session), notices: notices.map((n) => ({ at: new Date(n.at).toISOString(), message: n.message })) };
    });

    app.post('/api/v1/logout', async (request, reply) => {
      if (request.authSession) await deleteSession(deps.db, request.authSession.idHash);
      reply.header('set-cookie', request.server.serializeCookie(SESSION_COOKIE, '', cookieOptions(secure(request), 0)));
      return reply.status(204).send();
    });

    app.get('/api/v1/session', async (request, reply) => {
      const actor = requireAccess(request, 'read');
      const user = request.authSession ? await getUser(deps.db, request.authSession.userId) : undefined;
      reply.header('cache-control', 'no-store');
      return {
        actor: { kind: actor.kind, label: actor.label, role: actor.role, scope: actor.scope },
        user: user ? publicUser(user) : null,
        // Send it back as the X-CSRF-Token header with every cookie-authenticated change.
        csrf: request.authSession?.csrf ?? null,
      };
    });

    app.get('/api/v1/setup', async () => ({
      needed: await deps.gate.needed(),
      how: 'open the setup link printed in the tocsin log at start, or run: tocsin user add --admin <email>',
    }));

    app.post('/api/v1/setup', async (request, reply) => {
      const body = parseInput(SetupBody, request.body);
      const now = deps.clock.now();
      const user = await deps.gate.spend(body.token, () =>
        createUser(deps.db, { email: body.email, role: 'admin', password: body.password }, { actor: { kind: 'system', label: 'first-run setup' }, now }),
      );
      const session = await startSession(deps.db, user.id, now);
      return reply.status(201).send(signIn(request, reply, user, session));
    });
  };
}

/** HttpOnly (no script reads it), SameSite=Lax (no cross-site POST carries it), Path=/; maxAge 0 deletes it. */
function cookieOptions(secure: boolean, maxAgeSeconds: number) {
  return { path: '/', httpOnly: true, sameSite: 'lax' as const, secure, maxAge: Math.max(0, Math.floor(maxAgeSeconds)) };
}

/**
 * A person's own account: two-factor enrolment and their password. Each change asks for proof
 * again (src/api/auth/reauth.ts) under a per-user throttle.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Clock } from '../../lib/clock.js';
import { mustGetUser, updateUser } from '../../services/users.js';
import type { Actor } from './access.js';
import { parseInput } from './body.js';
import { changeContext, requirePerson } from './context.js';
import { codeProof, passwordOrRecentSignIn, passwordProof, prove, type ReauthDeps, type Who } from './reauth.js';
import { confirmTotp, disableTotp, enrolTotp } from './totp.js';

export const EnrolBody = z.object({ password: z.string().max(1024).optional() });
export const CodeBody = z.object({ code: z.string().max(16) });
export const DisableBody = z.object({ code: z.string().max(16), password: z.string().max(1024).optional() });
export const PasswordBody = z.object({ current: z.string().max(1024), password: z.string().max(1024) });

export function meRoutes(deps: ReauthDeps & { clock: Clock }) {
  const who = async (request: FastifyRequest, actor: Actor): Promise<Who> => ({
    user: await mustGetUser(deps.db, actor.id),
    ip: request.ip,
    now: deps.clock.now(),
  });
  const signedInAt = (request: FastifyRequest) => request.authSession?.createdAt ?? 0;

  return async function routes(app: FastifyInstance): Promise<void> {
    app.post('/api/v1/me/totp', async (request, reply) => {
      const actor = requirePerson(request, 'set up two-factor sign-in');
      const { password } = parseInput(EnrolBody, request.body);
      const me = await who(request, actor);
      await prove(deps, me, passwordOrRecentSignIn(deps, me, password, signedInAt(request)));
      const enrolment = await enrolTotp(deps.db, actor.id, changeContext(actor, deps.clock));
      reply.header('cache-control', 'no-store');
      return { ...enrolment, next: 'scan the URI (or type the key) into an authenticator app, then POST a code to /api/v1/me/totp/confirm' };
    });

    app.post('/api/v1/me/totp/confirm', async (request) => {
      const actor = requirePerson(request, 'set up two-factor sign-in');
      const { code } = parseInput(CodeBody, request.body);
      await confirmTotp(deps.db, actor.id, code, changeContext(actor, deps.clock));
      return { totp: true };
    });

    app.delete('/api/v1/me/totp', async (request) => {
      const actor = requirePerson(request, 'turn off two-factor sign-in');
      const { code, password } = parseInput(DisableBody, request.body);
      const me = await who(request, actor);
      // Without a confirmed key there is nothing to protect: this only drops an unfinished enrolment.
      if (me.user.totpKey !== null) {
        await prove(deps, me, [...passwordOrRecentSignIn(deps, me, password, signedInAt(request)), codeProof(me.user, code, me.now)]);
      }
      // The code was checked (and a replay refused) under the throttle just above.
      await disableTotp(deps.db, actor.id, undefined, changeContext(actor, deps.clock));
      return { totp: false };
    });

    app.post('/api/v1/me/password', async (request) => {
      const actor = requirePerson(request, 'change a password');
      const body = parseInput(PasswordBody, request.body);
      const me = await who(request, actor);
      await prove(deps, me, [passwordProof(deps, me.user, body.current, 'current')]);
      await updateUser(deps.db, actor.id, { password: body.password }, changeContext(actor, deps.clock));
      return { changed: true, next: 'every session of yours has ended, this one too: sign in again with the new password' };
    });
  };
}

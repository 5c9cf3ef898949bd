/** A person's own account: two-factor enrolment and their password. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Clock } from '../../lib/clock.js';
import { TocsinError } from '../../lib/errors.js';
import { mustGetUser, updateUser } from '../../services/users.js';
import type { Db } from '../../store/schema.js';
import { parseInput } from './body.js';
import { changeContext, requirePerson } from './context.js';
import { verifyPassword } from './password.js';
import { confirmTotp, disableTotp, enrolTotp } from './totp.js';

const CodeBody = z.object({ code: z.string().max(16) });
const PasswordBody = z.object({ current: z.string().max(1024), password: z.string().max(1024) });

export function meRoutes(deps: { db: Db; clock: Clock }) {
  return async function routes(app: FastifyInstance): Promise<void> {
    app.post('/api/v1/me/totp', async (request, reply) => {
      const actor = requirePerson(request, 'set up two-factor sign-in');
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
      const { code } = parseInput(CodeBody, request.body);
      await disableTotp(deps.db, actor.id, code, changeContext(actor, deps.clock));
      return { totp: false };
    });

    app.post('/api/v1/me/password', async (request) => {
      const actor = requirePerson(request, 'change a password');
      const body = parseInput(PasswordBody, request.body);
      const user = await mustGetUser(deps.db, actor.id);
      if (!(await verifyPassword(body.current, user.passwordHash))) {
        throw new TocsinError('invalid_input', 'the current password is wrong; the password was not changed', { field: 'current' });
      }
      await updateUser(deps.db, actor.id, { password: body.password }, changeContext(actor, deps.clock));
      return { changed: true, next: 'every session of yours has ended, this one too: sign in again with the new password' };
    });
  };
}

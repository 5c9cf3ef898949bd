/** People, for admins: list, create, change role or password, remove, reset a lost second factor. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Clock } from '../../lib/clock.js';
import { createUser, mustGetUser, publicUser, removeUser, updateUser } from '../../services/users.js';
import type { Db } from '../../store/schema.js';
import { listUsers } from '../../store/users.js';
import { requireAccess } from './access.js';
import { parseInput } from './body.js';
import { changeContext } from './context.js';
import { disableTotp } from './totp.js';

const Role = z.enum(['viewer', 'editor', 'admin']);
/** probe_internal: may this editor define probes that reach inside networks (src/services/probe-reach.ts). */
export const CreateUserBody = z.object({ email: z.string().max(254), role: Role, password: z.string().max(1024), probe_internal: z.boolean().optional() });
export const ChangeUserBody = z
  .object({ role: Role.optional(), password: z.string().max(1024).optional(), probe_internal: z.boolean().optional() })
  .refine((b) => b.role !== undefined || b.password !== undefined || b.probe_internal !== undefined, 'send a role, a password or probe_internal');

export function userRoutes(deps: { db: Db; clock: Clock }) {
  return async function routes(app: FastifyInstance): Promise<void> {
    app.get('/api/v1/users', async (request) => {
      requireAccess(request, 'admin');
      return { users: (await listUsers(deps.db)).map(publicUser) };
    });

    app.post('/api/v1/users', async (request, reply) => {
      const actor = requireAccess(request, 'admin');
      const { probe_internal: probeInternal, ...body } = parseInput(CreateUserBody, request.body);
      return reply.status(201).send({ user: await createUser(deps.db, { ...body, probeInternal }, changeContext(actor, deps.clock)) });
    });

    app.patch('/api/v1/users/:id', async (request) => {
      const actor = requireAccess(request, 'admin');
      const { probe_internal: probeInternal, ...body } = parseInput(ChangeUserBody, request.body);
      return { user: await updateUser(deps.db, idOf(request), { ...body, probeInternal }, changeContext(actor, deps.clock)) };
    });

    app.delete('/api/v1/users/:id', async (request, reply) => {
      const actor = requireAccess(request, 'admin');
      await removeUser(deps.db, idOf(request), changeContext(actor, deps.clock));
      return reply.status(204).send();
    });

    app.delete('/api/v1/users/:id/totp', async (request) => {
      const actor = requireAccess(request, 'admin');
      const id = idOf(request);
      await disableTotp(deps.db, id, undefined, changeContext(actor, deps.clock));
      return { user: publicUser(await mustGetUser(deps.db, id)) };
    });
  };
}

function idOf(request: FastifyRequest): string {
  return (request.params as { id: string }).id;
}

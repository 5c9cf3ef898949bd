/** API tokens: list, create (the secret is in this one response only), revoke. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Clock } from '../../lib/clock.js';
import { TocsinError } from '../../lib/errors.js';
import { createToken, revokeToken } from '../../services/tokens.js';
import type { Db } from '../../store/schema.js';
import { getToken, listTokens, type ApiToken } from '../../store/tokens.js';
import { requireAccess } from './access.js';
import { parseInput } from './body.js';
import { changeContext, requirePerson } from './context.js';

export const CreateTokenBody = z.object({
  name: z.string().max(100),
  scope: z.enum(['read', 'write']),
  /** An admin may create a token for someone else (a service account, say). */
  user_id: z.string().max(100).optional(),
});
export const ListTokensQuery = z.object({ all: z.enum(['true', 'false']).optional() });

export function tokenRoutes(deps: { db: Db; clock: Clock }) {
  return async function routes(app: FastifyInstance): Promise<void> {
    app.get('/api/v1/tokens', async (request) => {
      const actor = requirePerson(request, 'list API tokens');
      const all = parseInput(ListTokensQuery, request.query).all === 'true';
      if (all) requireAccess(request, 'admin');
      return { tokens: (await listTokens(deps.db, all ? undefined : actor.id)).map(view) };
    });

    app.post('/api/v1/tokens', async (request, reply) => {
      const actor = requirePerson(request, 'create API tokens');
      const body = parseInput(CreateTokenBody, request.body);
      const userId = body.user_id ?? actor.id;
      if (userId !== actor.id) requireAccess(request, 'admin');
      const created = await createToken(deps.db, { userId, name: body.name, scope: body.scope }, changeContext(actor, deps.clock));
      reply.header('cache-control', 'no-store');
      return reply
        .status(201)
        .send({ token: view(created.token), secret: created.secret, note: 'copy the secret now: tocsin keeps only its hash and cannot show it again' });
    });

    app.post('/api/v1/tokens/:id/revoke', async (request) => {
      const actor = requirePerson(request, 'revoke API tokens');
      const token = await tokenOf(deps.db, request);
      if (token.userId !== actor.id) requireAccess(request, 'admin');
      return { token: view(await revokeToken(deps.db, token.id, changeContext(actor, deps.clock))) };
    });
  };
}

async function tokenOf(db: Db, request: FastifyRequest): Promise<ApiToken> {
  const { id } = request.params as { id: string };
  const token = await getToken(db, id);
  if (!token) throw new TocsinError('not_found', `no API token with id ${id}`);
  return token;
}

function view(token: ApiToken) {
  return {
    id: token.id,
    user_id: token.userId,
    name: token.name,
    scope: token.scope,
    prefix: token.prefix,
    created_at: token.createdAt,
    last_used_at: token.lastUsedAt,
    revoked_at: token.revokedAt,
  };
}

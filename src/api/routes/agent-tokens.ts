/** /api/v1/agent-tokens: probe agents' tokens, one per agent, named by location (admins only). */
import { z } from 'zod';
import { agentTokenCreatedResponse, agentTokenListResponse, agentTokenResponse } from '../../schema/api-agents.js';
import { createAgentToken, revokeAgentToken } from '../../services/agent-tokens.js';
import type { AuditActor } from '../../services/audit.js';
import { listAgentTokens, type AgentToken } from '../../store/agents.js';
import type { Actor } from '../auth/access.js';
import type { ApiDeps } from './deps.js';
import { answers, route, type ApiRoute } from './route.js';

const createBody = z.strictObject({
  location: z.string().min(1).max(40).meta({ description: 'The location the agent checks from, as monitors name it in locations:' }),
  name: z.string().min(1).max(100).optional().meta({ description: 'To tell agents of one location apart; default "agent <location>"' }),
});
const idParams = z.strictObject({ id: z.string().uuid() });

export function agentTokenView(token: AgentToken) {
  return {
    id: token.id,
    location: token.location,
    name: token.name,
    prefix: token.prefix,
    created_at: token.createdAt,
    last_seen_at: token.lastSeenAt,
    revoked_at: token.revokedAt,
  };
}

const auditActor = (actor: Actor): AuditActor => ({ kind: actor.kind, id: actor.id, label: actor.label });

export function agentTokenRoutes(deps: ApiDeps): ApiRoute[] {
  return [
    route({
      method: 'GET',
      url: '/api/v1/agent-tokens',
      tag: 'agents',
      access: 'admin',
      summary: 'Probe agent tokens, newest first (secrets are never shown again)',
      responses: { 200: answers('The tokens', agentTokenListResponse) },
      handler: async () => ({ agent_tokens: (await listAgentTokens(deps.db)).map(agentTokenView) }),
    }),
    route({
      method: 'POST',
      url: '/api/v1/agent-tokens',
      tag: 'agents',
      access: 'admin',
      body: createBody,
      summary: 'Create a token for a probe agent of one location; the secret is in this answer only',
      responses: { 201: answers('Created', agentTokenCreatedResponse), 400: 'Invalid location or name' },
      handler: async ({ body, actor, reply }) => {
        const { token, secret } = await createAgentToken(deps.db, body, { actor: auditActor(actor), now: deps.clock.now() });
        reply.status(201);
        return { agent_token: agentTokenView(token), secret };
      },
    }),
    route({
      method: 'DELETE',
      url: '/api/v1/agent-tokens/:id',
      tag: 'agents',
      access: 'admin',
      params: idParams,
      summary: 'Revoke a probe agent token: the agent is refused from its next call',
      responses: { 200: answers('Revoked', agentTokenResponse), 404: 'No such token' },
      handler: async ({ params, actor }) => ({
        agent_token: agentTokenView(await revokeAgentToken(deps.db, params.id, { actor: auditActor(actor), now: deps.clock.now() })),
      }),
    }),
  ];
}

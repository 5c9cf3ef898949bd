/**
 * Probe agents' tokens: one per agent, named by the location it checks from, shown once, stored as
 * SHA-256, revocable. An agent token reaches only the agent routes, and only its own location's
 * monitors; it is no API token.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { TocsinError } from '../lib/errors.js';
import * as store from '../store/agents.js';
import type { Db } from '../store/schema.js';
import { inTransaction } from '../store/tx.js';
import { recordAudit } from './audit.js';
import { hashSecret } from './tokens.js';
import type { ChangeContext } from './users.js';

export const AGENT_TOKEN_PREFIX = 'tocsin_agent_';
/** last_seen_at is written at most this often per token: an agent calls in every few seconds. */
const TOUCH_EVERY_MS = 10_000;
const LOCATION = /^[a-z0-9-]{1,40}$/;

export interface CreatedAgentToken {
  token: store.AgentToken;
  secret: string;
}

export async function createAgentToken(db: Db, input: { location: string; name?: string | undefined }, ctx: ChangeContext): Promise<CreatedAgentToken> {
  const location = input.location.trim();
  if (!LOCATION.test(location) || location === 'local')
    throw new TocsinError('invalid_input', `"${location}" is not an agent location`, {
      field: 'location',
      expected: '1 to 40 lowercase letters, digits or "-", other than local',
    });
  const name = (input.name ?? `agent ${location}`).trim();
  if (name.length === 0 || name.length > 100)
    throw new TocsinError('invalid_input', 'an agent token name has 1 to 100 characters', { field: 'name', expected: '1 to 100 characters' });
  const secret = AGENT_TOKEN_PREFIX + randomBytes(32).toString('base64url');
  const token: store.AgentToken = {
    id: randomUUID(),
    location,
    name,
    prefix: secret.slice(0, AGENT_TOKEN_PREFIX.length + 4),
    createdAt: ctx.now,
    lastSeenAt: null,
    revokedAt: null,
  };
  await inTransaction(db, async (trx) => {
    await store.insertAgentToken(trx, { ...token, hash: hashSecret(secret) });
    await recordAudit(trx, {
      actor: ctx.actor,
      action: 'agent_token.create',
      target: `agent token ${name} (${location})`,
      after: { location, name, prefix: token.prefix },
      at: ctx.now,
    });
  });
  return { token, secret };
}

export async function revokeAgentToken(db: Db, id: string, ctx: ChangeContext): Promise<store.AgentToken> {
  return inTransaction(db, async (trx) => {
    const token = await store.getAgentToken(trx, id);
    if (!token) throw new TocsinError('not_found', `no agent token with id ${id}`);
    if (token.revokedAt !== null) return token;
    await store.revokeAgentToken(trx, id, ctx.now);
    await recordAudit(trx, {
      actor: ctx.actor,
      action: 'agent_token.revoke',
      target: `agent token ${token.name} (${token.location})`,
      before: { revoked: false },
      after: { revoked: true },
      at: ctx.now,
    });
    return { ...token, revokedAt: ctx.now };
  });
}

/** The token a bearer secret names, if it is a live agent token. */
export async function authenticateAgent(db: Db, authorization: string | undefined, now: number): Promise<store.AgentToken> {
  const match = authorization === undefined ? null : /^Bearer\s+(\S{1,200})\s*$/i.exec(authorization);
  if (!match) throw new TocsinError('unauthorized', 'send the agent token as "Authorization: Bearer <token>"');
  const secret = match[1]!;
  const found = secret.startsWith(AGENT_TOKEN_PREFIX) ? await store.findAgentTokenByHash(db, hashSecret(secret)) : undefined;
  if (!found) throw new TocsinError('unauthorized', 'this agent token is not valid; create one with tocsin agent-token create --location <name>');
  if (found.revokedAt !== null) throw new TocsinError('unauthorized', `agent token ${found.name} (${found.prefix}…) was revoked; create a new one`);
  if (found.lastSeenAt === null || now - found.lastSeenAt >= TOUCH_EVERY_MS) await store.touchAgentToken(db, found.id, now);
  return found;
}

/** Each location's latest contact as stored. */
export async function lastSeenByLocation(db: Db): Promise<Map<string, number>> {
  const seen = new Map<string, number>();
  for (const token of await store.listAgentTokens(db)) {
    if (token.lastSeenAt !== null && token.lastSeenAt > (seen.get(token.location) ?? -Infinity)) seen.set(token.location, token.lastSeenAt);
  }
  return seen;
}

/**
 * API tokens: created with the secret shown once, stored as SHA-256, scoped read or write, revocable,
 * with a last-used time. A token acts with its owner's current role, never more than its scope.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Actor } from '../api/auth/access.js';
import { TocsinError } from '../lib/errors.js';
import type { Db } from '../store/schema.js';
import * as tokens from '../store/tokens.js';
import { inTransaction } from '../store/tx.js';
import { recordAudit } from './audit.js';
import { mustGetUser, type ChangeContext } from './users.js';

export const TOKEN_PREFIX = 'tocsin_';
/** last_used_at is written at most this often per token, so a busy script does not write on every call. */
const TOUCH_EVERY_MS = 60_000;

/** SHA-256 suffices for 256-bit random secrets: there is nothing to guess, unlike a password. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function checkScope(scope: string): tokens.TokenScope {
  if (scope !== 'read' && scope !== 'write')
    throw new TocsinError('invalid_input', `"${scope}" is not a token scope`, { field: 'scope', expected: 'read or write' });
  return scope;
}

export interface CreatedToken {
  token: tokens.ApiToken;
  /** Shown once, to the person who created it; only its hash is kept. */
  secret: string;
}

export async function createToken(db: Db, input: { userId: string; name: string; scope: string }, ctx: ChangeContext): Promise<CreatedToken> {
  const scope = checkScope(input.scope);
  const name = input.name.trim();
  if (name.length === 0 || name.length > 100)
    throw new TocsinError('invalid_input', 'a token needs a name of 1 to 100 characters, to tell it apart later', {
      field: 'name',
      expected: '1 to 100 characters',
    });
  const secret = TOKEN_PREFIX + randomBytes(32).toString('base64url');
  return inTransaction(db, async (trx) => {
    const owner = await mustGetUser(trx, input.userId);
    if (scope === 'write' && owner.role === 'viewer')
      throw new TocsinError('forbidden', `${owner.email} is a viewer and can only have read tokens`, { field: 'scope', expected: 'read' });
    const token: tokens.ApiToken = {
      id: randomUUID(),
      userId: owner.id,
      name,
      scope,
      prefix: secret.slice(0, TOKEN_PREFIX.length + 4),
      createdAt: ctx.now,
      lastUsedAt: null,
      revokedAt: null,
    };
    await tokens.insertToken(trx, { ...token, hash: hashSecret(secret) });
    await recordAudit(trx, {
      actor: ctx.actor,
      action: 'token.create',
      target: `token ${name} of ${owner.email}`,
      after: { name, scope, prefix: token.prefix },
      at: ctx.now,
    });
    return { token, secret };
  });
}

export async function revokeToken(db: Db, id: string, ctx: ChangeContext): Promise<tokens.ApiToken> {
  return inTransaction(db, async (trx) => {
    const token = await tokens.getToken(trx, id);
    if (!token) throw new TocsinError('not_found', `no API token with id ${id}`);
    if (token.revokedAt !== null) return token;
    const owner = await mustGetUser(trx, token.userId);
    await tokens.revokeToken(trx, id, ctx.now);
    await recordAudit(trx, {
      actor: ctx.actor,
      action: 'token.revoke',
      target: `token ${token.name} of ${owner.email}`,
      before: { name: token.name, scope: token.scope, revoked: false },
      after: { name: token.name, scope: token.scope, revoked: true },
      at: ctx.now,
    });
    return { ...token, revokedAt: ctx.now };
  });
}

export type TokenCheck = { ok: true; actor: Actor } | { ok: false; reason: string };

/** Who a bearer secret acts for, or why it does not. */
export async function authenticateToken(db: Db, secret: string, now: number): Promise<TokenCheck> {
  const found = secret.startsWith(TOKEN_PREFIX) ? await tokens.findTokenByHash(db, hashSecret(secret)) : undefined;
  if (!found) return { ok: false, reason: 'this API token is not valid; check that it was copied whole' };
  if (found.revokedAt !== null) return { ok: false, reason: `API token ${found.name} (${found.prefix}…) was revoked; create a new one` };
  if (found.lastUsedAt === null || now - found.lastUsedAt >= TOUCH_EVERY_MS) await tokens.touchToken(db, found.id, now);
  return {
    ok: true,
    actor: { kind: 'token', id: found.id, label: `token ${found.name} (${found.email})`, role: found.role, scope: found.scope, viaCookie: false },
  };
}

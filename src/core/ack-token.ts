/**
 * Signed, expiring, single-purpose tokens for links inside notifications ("acknowledge"). The link
 * is the credential, so it says exactly what it may do: one purpose, one monitor, one episode,
 * until a time. Each purpose signs with its own key derived from the instance secret, so a token
 * minted for one purpose can never pass as another. Single use is the caller's job: the token's
 * `id` is recorded when it is spent. Pure apart from the HMAC: the time and the id are arguments.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** What a token may do; `ack` today. Other link kinds (unsubscribe …) get names of their own. */
export type TokenPurpose = string;

export interface TokenClaims {
  purpose: TokenPurpose;
  monitorId: string;
  /** The alert episode the link was sent about: acknowledging a later outage needs a later link. */
  episode: number;
  /** Epoch ms. */
  expiresAt: number;
  /** Random and unique per token: spent tokens are remembered by it. */
  id: string;
}

export type TokenProblem = 'malformed' | 'forged' | 'expired' | 'wrong_purpose';

export type Verified = { ok: true; claims: TokenClaims } | { ok: false; problem: TokenProblem; claims?: TokenClaims };

const VERSION = 1;

export function signToken(secret: string, claims: TokenClaims): string {
  const payload = [VERSION, claims.purpose, claims.monitorId, claims.episode, Math.ceil(claims.expiresAt / 1000), claims.id];
  const body = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
  return `${body}.${mac(secret, claims.purpose, body).toString('base64url')}`;
}

export function verifyToken(secret: string, token: string, purpose: TokenPurpose, now: number): Verified {
  const [body, signature, extra] = token.split('.');
  if (!body || !signature || extra !== undefined) return { ok: false, problem: 'malformed' };
  const claims = parseClaims(body);
  if (!claims) return { ok: false, problem: 'malformed' };
  const expected = mac(secret, claims.purpose, body);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, problem: 'forged' };
  if (claims.purpose !== purpose) return { ok: false, problem: 'wrong_purpose', claims };
  if (now >= claims.expiresAt) return { ok: false, problem: 'expired', claims };
  return { ok: true, claims };
}

/** The key of one purpose: HMAC of the purpose's name with the instance secret. */
function mac(secret: string, purpose: string, body: string): Buffer {
  const key = createHmac('sha256', secret).update(`tocsin token v${VERSION}: ${purpose}`).digest();
  return createHmac('sha256', key).update(body).digest();
}

function parseClaims(body: string): TokenClaims | undefined {
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!Array.isArray(payload) || payload.length !== 6 || payload[0] !== VERSION) return undefined;
  const [, purpose, monitorId, episode, expires, id] = payload as unknown[];
  if (typeof purpose !== 'string' || typeof monitorId !== 'string' || typeof id !== 'string') return undefined;
  if (!Number.isSafeInteger(episode) || !Number.isSafeInteger(expires)) return undefined;
  return { purpose, monitorId, episode: episode as number, expiresAt: (expires as number) * 1000, id };
}

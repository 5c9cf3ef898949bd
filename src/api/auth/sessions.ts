/**
 * Browser sessions: a random 32-byte id in the tocsin_session cookie, stored as its SHA-256, with a
 * synchronizer CSRF token. They end after 12 h idle or 7 days in all, whichever comes first.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { hashSecret } from '../../services/tokens.js';
import type { Db } from '../../store/schema.js';
import * as store from '../../store/tokens.js';

export const SESSION_COOKIE = 'tocsin_session';
export const IDLE_MS = 12 * 3_600_000;
export const ABSOLUTE_MS = 7 * 24 * 3_600_000;
/** last_seen_at is written at most once a minute per session, not on every request. */
const TOUCH_EVERY_MS = 60_000;

export interface StartedSession {
  /** The cookie value: only the browser ever holds it. */
  secret: string;
  idHash: string;
  csrf: string;
}

export async function startSession(db: Db, userId: string, now: number): Promise<StartedSession> {
  const secret = randomBytes(32).toString('base64url');
  const csrf = randomBytes(32).toString('base64url');
  const idHash = hashSecret(secret);
  await store.insertSession(db, { idHash, userId, csrf, createdAt: now, lastSeenAt: now });
  // Expired sessions are swept whenever someone signs in: no timer needed, and the table stays small.
  await store.pruneSessions(db, now - IDLE_MS, now - ABSOLUTE_MS);
  return { secret, idHash, csrf };
}

export type SessionCheck = { ok: true; session: store.Session & store.Owner } | { ok: false; reason: string };

export async function resolveSession(db: Db, secret: string, now: number): Promise<SessionCheck> {
  const session = /^[A-Za-z0-9_-]{43}$/.test(secret) ? await store.findSession(db, hashSecret(secret)) : undefined;
  if (!session) return { ok: false, reason: 'your session has ended; sign in again' };
  const expired = now - session.lastSeenAt > IDLE_MS || now - session.createdAt > ABSOLUTE_MS;
  if (expired) {
    await store.deleteSession(db, session.idHash);
    const why = now - session.createdAt > ABSOLUTE_MS ? 'after 7 days' : 'after 12 h without use';
    return { ok: false, reason: `your session expired ${why}; sign in again` };
  }
  if (now - session.lastSeenAt >= TOUCH_EVERY_MS) await store.touchSession(db, session.idHash, now);
  return { ok: true, session };
}

export function csrfMatches(expected: string, given: string | string[] | undefined): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

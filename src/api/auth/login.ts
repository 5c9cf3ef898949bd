/**
 * Signing in: throttle, password, then the second factor when enrolled. Every refusal says what to
 * do next and never which half of "email or password" was wrong.
 */
import { randomUUID } from 'node:crypto';
import { base32Decode, verifyTotp } from '../../core/totp.js';
import { TocsinError } from '../../lib/errors.js';
import { normalizeEmail } from '../../services/users.js';
import type { Db } from '../../store/schema.js';
import * as users from '../../store/users.js';
import { decoyVerify, verifyPassword } from './password.js';
import { startSession, type StartedSession } from './sessions.js';
import { ACCOUNT_WINDOW_MS, judgeLoginAttempt } from './throttle.js';

export interface LoginInput {
  email: string;
  password: string;
  totp?: string | undefined;
  ip: string;
}

export interface LoggedIn {
  user: users.User;
  session: StartedSession;
}

/**
 * Attempts still being checked, per email and address. Each counts as a failure until it settles:
 * otherwise a burst of parallel guesses would all pass the gate before the first failure is stored.
 */
export type PendingLogins = Map<string, number>;

export async function login(db: Db, input: LoginInput, now: number, pending: PendingLogins = new Map()): Promise<LoggedIn> {
  const email = normalizeEmail(input.email);
  const key = `${email} ${input.ip}`;
  // Claimed before the first await, so attempts arriving together see each other.
  const others = pending.get(key) ?? 0;
  pending.set(key, others + 1);
  try {
    const inFlight = Array.from({ length: others }, () => ({ ip: input.ip, at: now }));
    const failures = [...(await users.failedLogins(db, email, now - ACCOUNT_WINDOW_MS)), ...inFlight];
    const gate = judgeLoginAttempt(email, input.ip, failures, now);
    if (!gate.allowed) throw new TocsinError('rate_limited', gate.message);
    return await check(db, email, input, now, gate.left);
  } finally {
    const left = (pending.get(key) ?? 1) - 1;
    if (left > 0) pending.set(key, left);
    else pending.delete(key);
  }
}

async function check(db: Db, email: string, input: LoginInput, now: number, triesLeft: number): Promise<LoggedIn> {
  const user = await users.getUserByEmail(db, email);
  const passwordOk = user ? await verifyPassword(input.password, user.passwordHash) : await decoyVerify(input.password);
  if (!user || !passwordOk) {
    await fail(db, email, input.ip, now);
    const left = triesLeft - 1;
    const warning = left > 0 ? ` (${left} more ${left === 1 ? 'try' : 'tries'} before a pause)` : '; logins for this email are paused for 15 min';
    throw new TocsinError('unauthorized', `wrong email or password${warning}`);
  }
  if (user.totpKey !== null) await checkSecondFactor(db, user, input, now);
  await users.clearFailedLogins(db, email, input.ip);
  return { user, session: await startSession(db, user.id, now) };
}

/** A missing code is not a failure (the form asks for it next); a wrong one is. */
async function checkSecondFactor(db: Db, user: users.User, input: LoginInput, now: number): Promise<void> {
  if (!input.totp) {
    throw new TocsinError('unauthorized', 'enter the 6-digit code from your authenticator app', { field: 'totp', expected: '6 digits' });
  }
  const step = verifyTotp(base32Decode(user.totpKey ?? ''), input.totp, now, { usedStep: user.totpLastStep });
  if (step === undefined) {
    await fail(db, user.email, input.ip, now);
    throw new TocsinError('unauthorized', 'the authenticator code is wrong or was already used; wait for the next one and try again', { field: 'totp' });
  }
  await users.saveUser(db, { ...user, totpLastStep: step });
}

async function fail(db: Db, email: string, ip: string, now: number): Promise<void> {
  await users.recordFailedLogin(db, { id: randomUUID(), email, ip, at: now });
  await users.pruneFailedLogins(db, now - ACCOUNT_WINDOW_MS);
}

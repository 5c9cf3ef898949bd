/**
 * Signing in: the throttle first (a refused attempt never reaches scrypt), the password through the
 * hash gate, then the second factor when enrolled. Every refusal says what to do next and how long
 * to wait, and never which half of "email or password" was wrong.
 */
import { randomUUID } from 'node:crypto';
import { base32Decode, verifyTotp } from '../../core/totp.js';
import { TocsinError } from '../../lib/errors.js';
import { normalizeEmail } from '../../services/users.js';
import type { Db } from '../../store/schema.js';
import { isKnownSource, rememberSource, takeNotices, tallyFailures } from '../../store/sign-ins.js';
import * as users from '../../store/users.js';
import { noticeAttack, type Channels } from './account-notice.js';
import type { HashGate } from './hash-gate.js';
import { withInFlight, type InFlight } from './in-flight.js';
import { decoyVerify, verifyPassword } from '../../lib/password.js';
import { refuseUnless } from './refusal.js';
import { startSession, type StartedSession } from './sessions.js';
import { sourceOf } from './source.js';
import {
  ACCOUNT_WINDOW_MS,
  afterFailure,
  formatWait,
  judgeLogin,
  KNOWN_SOURCE_MS,
  NOTICE_LEVEL,
  PAIR_MEMORY_MS,
  SOURCE_WINDOW_MS,
  type LoginFacts,
} from './throttle.js';

export interface LoginDeps {
  db: Db;
  hashes: HashGate;
  inFlight: InFlight;
  /** Where lockout-level notices are emailed from. */
  channels: Channels;
}

export interface LoginInput {
  email: string;
  password: string;
  totp?: string | undefined;
  ip: string;
}

export interface LoggedIn {
  user: users.User;
  session: StartedSession;
  /** Notices of attempts on the account since the last sign-in, oldest first. */
  notices: Array<{ at: number; message: string }>;
}

interface Attempt {
  email: string;
  source: string;
  facts: LoginFacts;
}

export async function login(deps: LoginDeps, input: LoginInput, now: number): Promise<LoggedIn> {
  const email = normalizeEmail(input.email);
  const source = sourceOf(input.ip);
  // Claimed before the first await, so attempts arriving together see each other.
  const claim = deps.inFlight.claim([`pair ${email} ${source}`, `account ${email}`, `source ${source}`]);
  try {
    const facts = await loginFacts(deps.db, email, source, now, claim.others);
    refuseUnless(judgeLogin(email, facts, now));
    return await check(deps, { email, source, facts }, input, now);
  } finally {
    claim.release();
  }
}

async function loginFacts(db: Db, email: string, source: string, now: number, others: number[]): Promise<LoginFacts> {
  const [pair, account, bySource, known] = await Promise.all([
    tallyFailures(db, { email, source, kind: 'login' }, now - PAIR_MEMORY_MS),
    tallyFailures(db, { email, kind: 'login' }, now - ACCOUNT_WINDOW_MS),
    tallyFailures(db, { source, kind: 'login' }, now - SOURCE_WINDOW_MS),
    isKnownSource(db, email, source, now - KNOWN_SOURCE_MS),
  ]);
  const [p = 0, a = 0, s = 0] = others;
  return { pair: withInFlight(pair, p, now), account: withInFlight(account, a, now), source: withInFlight(bySource, s, now), known };
}

async function check(deps: LoginDeps, attempt: Attempt, input: LoginInput, now: number): Promise<LoggedIn> {
  const user = await users.getUserByEmail(deps.db, attempt.email);
  // Unknown emails cost the same scrypt, so timing does not tell which emails have accounts.
  const passwordOk = await deps.hashes.run(() => (user ? verifyPassword(input.password, user.passwordHash) : decoyVerify(input.password)), {
    anonymous: !attempt.facts.known,
  });
  if (!user || !passwordOk) {
    const waitMs = await fail(deps, attempt, user, now);
    throw new TocsinError('unauthorized', `wrong email or password${waitMs > 0 ? `; try again in ${formatWait(waitMs)}` : ''}`);
  }
  if (user.totpKey !== null) await checkSecondFactor(deps, attempt, user, input, now);
  await users.clearFailedLogins(deps.db, attempt.email, { ip: attempt.source, kind: 'login' });
  await rememberSource(deps.db, attempt.email, attempt.source, now, now - KNOWN_SOURCE_MS);
  const notices = await takeNotices(deps.db, user.id, now);
  return { user, session: await startSession(deps.db, user.id, now), notices };
}

/** A missing code is not a failure (the form asks for it next); a wrong one is. */
async function checkSecondFactor(deps: LoginDeps, attempt: Attempt, user: users.User, input: LoginInput, now: number): Promise<void> {
  if (!input.totp) {
    throw new TocsinError('unauthorized', 'enter the 6-digit code from your authenticator app', { field: 'totp', expected: '6 digits' });
  }
  const step = verifyTotp(base32Decode(user.totpKey ?? ''), input.totp, now, { usedStep: user.totpLastStep });
  if (step === undefined) {
    const waitMs = await fail(deps, attempt, user, now);
    const next = waitMs > 0 ? `try again in ${formatWait(waitMs)}` : 'wait for the next one and try again';
    throw new TocsinError('unauthorized', `the authenticator code is wrong or was already used; ${next}`, { field: 'totp' });
  }
  await users.saveUser(deps.db, { ...user, totpLastStep: step });
}

/** Stores the failure, tells the owner at lockout level, and returns how long the next try waits (0: not at all). */
async function fail(deps: LoginDeps, attempt: Attempt, user: users.User | undefined, now: number): Promise<number> {
  await users.recordFailedLogin(deps.db, { id: randomUUID(), email: attempt.email, ip: attempt.source, at: now, kind: 'login' });
  await users.pruneFailedLogins(deps.db, now - PAIR_MEMORY_MS);
  const next = afterFailure(attempt.facts, now);
  if (user && next.account.count >= NOTICE_LEVEL) await noticeAttack(deps.db, deps.channels, user, next.account.count, now);
  const gate = judgeLogin(attempt.email, next, now);
  return gate.allowed ? 0 : gate.waitMs;
}

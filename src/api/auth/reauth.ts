/**
 * Changing one's own password or second factor asks the person to prove again that it is them, and
 * throttles wrong answers per user with the sign-in's growing delays: a stolen session can neither
 * guess the password or the code at speed nor quietly turn two-factor sign-in off. Wrong answers
 * are forgotten after a day, not on the next right one: a caller who knows the password must not
 * reset the count of their code guesses with it.
 */
import { randomUUID } from 'node:crypto';
import { base32Decode, verifyTotp } from '../../core/totp.js';
import { TocsinError } from '../../lib/errors.js';
import type { Db } from '../../store/schema.js';
import { tallyFailures } from '../../store/sign-ins.js';
import { recordFailedLogin, type User } from '../../store/users.js';
import type { HashGate } from './hash-gate.js';
import { withInFlight, type InFlight } from './in-flight.js';
import { verifyPassword } from '../../lib/password.js';
import { refuseUnless } from './refusal.js';
import { sourceOf } from './source.js';
import { formatWait, growingWait, judgeAccountChange, PAIR_CAP_MS, PAIR_MEMORY_MS } from './throttle.js';

/** A sign-in this recent stands in for the password when turning two-factor sign-in on or off. */
export const RECENT_SIGN_IN_MS = 5 * 60_000;

export interface ReauthDeps {
  db: Db;
  hashes: HashGate;
  inFlight: InFlight;
}

export interface Proof {
  /** The body field it came in, named in the error. */
  field: string;
  /** Says what was wrong: "the current password is wrong". */
  wrong: string;
  ok(): Promise<boolean>;
}

export interface Who {
  user: User;
  ip: string;
  now: number;
}

/** Checks every proof in order under the per-user throttle; the first wrong one is a failure and a 400 naming its field. */
export async function prove(deps: ReauthDeps, who: Who, proofs: readonly Proof[]): Promise<void> {
  const { user, now } = who;
  const claim = deps.inFlight.claim([`reauth ${user.id}`]);
  try {
    const stored = await tallyFailures(deps.db, { email: user.email, kind: 'reauth' }, now - PAIR_MEMORY_MS);
    const failures = withInFlight(stored, claim.others[0] ?? 0, now);
    refuseUnless(judgeAccountChange(failures, now));
    for (const proof of proofs) {
      if (await proof.ok()) continue;
      await recordFailedLogin(deps.db, { id: randomUUID(), email: user.email, ip: sourceOf(who.ip), at: now, kind: 'reauth' });
      const wait = formatWait(growingWait(failures.count + 1, PAIR_CAP_MS));
      throw new TocsinError('invalid_input', `${proof.wrong}; nothing was changed; try again in ${wait}`, { field: proof.field });
    }
  } finally {
    claim.release();
  }
}

export function passwordProof(deps: ReauthDeps, user: User, password: string, field: string): Proof {
  return { field, wrong: 'the current password is wrong', ok: () => deps.hashes.run(() => verifyPassword(password, user.passwordHash), { anonymous: false }) };
}

export function codeProof(user: User, code: string, now: number): Proof {
  const wrong = 'the authenticator code is wrong or was already used';
  return {
    field: 'code',
    wrong,
    ok: async () => user.totpKey !== null && verifyTotp(base32Decode(user.totpKey), code, now, { usedStep: user.totpLastStep }) !== undefined,
  };
}

/**
 * The password, or a sign-in in the last 5 minutes: the dashboard can turn two-factor on right after
 * signing in without asking again, and anyone later has to know the password.
 */
export function passwordOrRecentSignIn(deps: ReauthDeps, who: Who, password: string | undefined, signedInAt: number): Proof[] {
  if (password !== undefined) return [passwordProof(deps, who.user, password, 'password')];
  if (who.now - signedInAt <= RECENT_SIGN_IN_MS) return [];
  throw new TocsinError(
    'invalid_input',
    'confirm it is you: send your current password as "password", or sign in again (a sign-in in the last 5 min is enough)',
    {
      field: 'password',
      expected: 'your current password',
    },
  );
}

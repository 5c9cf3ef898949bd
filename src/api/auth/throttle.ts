/**
 * Sign-in throttling, judged from counts the store keeps (pure: no clock, no I/O). Nothing locks an
 * account: every failure lengthens a wait, and each wait stays short for the people it could catch
 * by mistake.
 *
 * - Per account and source: three typos cost nothing; from the 4th failure each doubles that pair's
 *   wait, from 1 s up to 15 min. A guesser at one address gets about a dozen tries in the first
 *   quarter hour, then four an hour.
 * - Per account, for sources that never signed in to it: from the 5th failure in an hour (from any
 *   address) each failure doubles their wait from 1 s up to 10 s. A guesser rotating addresses gets
 *   a few tries a minute; the owner on a new laptop gets in within seconds.
 * - Per source, across accounts, for sources new to the account: from the 10th failure in an hour,
 *   1 s doubling up to 1 min. Spraying one password over many accounts (or many emails) costs time.
 *
 * A source that signed in to an account in the last 30 days is held only by its own failures.
 */

/** Failures that cost no wait, per rule. A pair's: a person retyping a password at once is not slowed. */
export const PAIR_FREE = 3;
export const PAIR_CAP_MS = 15 * 60_000;
/** How long a pair's failures are remembered (a success from that source forgets them at once). */
export const PAIR_MEMORY_MS = 24 * 3_600_000;
export const ACCOUNT_WINDOW_MS = 3_600_000;
export const ACCOUNT_FREE = 4;
export const ACCOUNT_CAP_MS = 10_000;
export const SOURCE_WINDOW_MS = 3_600_000;
export const SOURCE_FREE = 9;
export const SOURCE_CAP_MS = 60_000;
export const KNOWN_SOURCE_MS = 30 * 24 * 3_600_000;
/** Failures in ACCOUNT_WINDOW_MS that used to lock an account: now they only tell its owner. */
export const NOTICE_LEVEL = 20;

/** Failures counted by the store, and when the latest was (ignored while count is 0). */
export interface Tally {
  count: number;
  lastAt: number;
}

export interface LoginFacts {
  /** This account from this source, in PAIR_MEMORY_MS. */
  pair: Tally;
  /** This account from every source, in ACCOUNT_WINDOW_MS. */
  account: Tally;
  /** This source against every account, in SOURCE_WINDOW_MS. */
  source: Tally;
  /** The source signed in to this account in the last KNOWN_SOURCE_MS. */
  known: boolean;
}

export type Gate = { allowed: true } | { allowed: false; waitMs: number; message: string };

/** 0 without failures, then 1 s, 2 s, 4 s … up to `capMs`. */
export function growingWait(failures: number, capMs: number): number {
  if (failures <= 0) return 0;
  return Math.min(capMs, 1000 * 2 ** Math.min(failures - 1, 30));
}

/** Whether `email` may try to sign in from this source at `now`. */
export function judgeLogin(email: string, facts: LoginFacts, now: number): Gate {
  const waits: Array<[number, string]> = [
    [until(facts.pair, growingWait(facts.pair.count - PAIR_FREE, PAIR_CAP_MS)) - now, `too many failed sign-ins to ${email} from your address`],
  ];
  if (!facts.known) {
    const account = growingWait(facts.account.count - ACCOUNT_FREE, ACCOUNT_CAP_MS);
    waits.push([until(facts.account, account) - now, `many failed sign-ins to ${email} from other addresses, so new addresses wait between tries`]);
    const source = growingWait(facts.source.count - SOURCE_FREE, SOURCE_CAP_MS);
    waits.push([until(facts.source, source) - now, 'too many failed sign-ins from your address']);
  }
  return longest(waits);
}

/** Changing one's password or second factor: the person's own wrong passwords and codes, per user. */
export function judgeAccountChange(failures: Tally, now: number): Gate {
  return longest([[until(failures, growingWait(failures.count, PAIR_CAP_MS)) - now, 'too many wrong passwords or codes']]);
}

/** The facts after one more failure at `now`: what the next attempt will be judged on. */
export function afterFailure(facts: LoginFacts, now: number): LoginFacts {
  const more = (t: Tally): Tally => ({ count: t.count + 1, lastAt: now });
  return { ...facts, pair: more(facts.pair), account: more(facts.account), source: more(facts.source) };
}

/** "8 s", "2 min": rounded up, so "try again in 8 s" is never too early. */
export function formatWait(ms: number): string {
  const s = Math.max(1, Math.ceil(ms / 1000));
  return s < 90 ? `${s} s` : `${Math.ceil(s / 60)} min`;
}

function until(tally: Tally, waitMs: number): number {
  return tally.count > 0 && waitMs > 0 ? tally.lastAt + waitMs : -Infinity;
}

function longest(waits: Array<[number, string]>): Gate {
  const [waitMs, why] = waits.reduce((a, b) => (b[0] > a[0] ? b : a));
  return waitMs > 0 ? { allowed: false, waitMs, message: `${why}; try again in ${formatWait(waitMs)}` } : { allowed: true };
}

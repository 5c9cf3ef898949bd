/**
 * Login rate limiting, judged from the failed logins the store holds (pure: no clock, no I/O).
 * Per email and address, 5 failures in 15 min pause that pair, so a typo streak costs minutes; per
 * account, 20 failures in an hour from anywhere lock it, so a guesser rotating addresses gets nowhere.
 */

export const PAIR_LIMIT = 5;
export const PAIR_WINDOW_MS = 15 * 60_000;
export const ACCOUNT_LIMIT = 20;
export const ACCOUNT_WINDOW_MS = 60 * 60_000;

export interface FailedLogin {
  ip: string;
  at: number;
}

export type LoginGate = { allowed: true; left: number } | { allowed: false; message: string };

/** Whether `email` may try from `ip` now; `failures` are that email's, from every address. */
export function judgeLoginAttempt(email: string, ip: string, failures: readonly FailedLogin[], now: number): LoginGate {
  const recent = failures.filter((f) => f.at > now - ACCOUNT_WINDOW_MS).map((f) => f.at).sort((a, b) => a - b);
  if (recent.length >= ACCOUNT_LIMIT) {
    const until = recent[recent.length - ACCOUNT_LIMIT]! + ACCOUNT_WINDOW_MS;
    return { allowed: false, message: `${email} is locked after ${recent.length} failed logins in the last hour; try again in ${minutes(until - now)}, or ask an admin to set a new password` };
  }
  const pair = failures.filter((f) => f.ip === ip && f.at > now - PAIR_WINDOW_MS).map((f) => f.at).sort((a, b) => a - b);
  if (pair.length >= PAIR_LIMIT) {
    const until = pair[pair.length - PAIR_LIMIT]! + PAIR_WINDOW_MS;
    return { allowed: false, message: `too many failed logins for ${email}; try again in ${minutes(until - now)}` };
  }
  return { allowed: true, left: Math.min(PAIR_LIMIT - pair.length, ACCOUNT_LIMIT - recent.length) };
}

/** Rounded up: "try again in 1 min" must never be too early. */
function minutes(ms: number): string {
  return `${Math.max(1, Math.ceil(ms / 60_000))} min`;
}

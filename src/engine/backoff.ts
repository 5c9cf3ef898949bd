/**
 * When to try a failed notification again, decided apart from sending: exponential backoff with
 * full jitter (so a thousand notifications that failed together do not retry together), Retry-After
 * honoured, and a retry window after which a notification is given up and reported. Pure.
 */
import type { SendOutcome } from '../channels/types.js';

export interface RetryPolicy {
  /** First retry waits up to this long; each further one doubles it. */
  baseMs: number;
  /** The ceiling of one wait. */
  capMs: number;
  /** Retries continue this long after the notification was created, then it is given up. */
  retryForMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { baseMs: 5_000, capMs: 10 * 60_000, retryForMs: 24 * 3_600_000 };

/** A Retry-After longer than this is not believed: an hour's silence from a pager is worse than one refusal. */
const RETRY_AFTER_MAX_MS = 3_600_000;

/**
 * The wait after the `attempts`-th failed attempt (1-based): uniformly random below
 * min(cap, base·2^(attempts−1)), but never under a tenth of the base, so a retry is never a hammer.
 */
export function backoffDelay(attempts: number, policy: Pick<RetryPolicy, 'baseMs' | 'capMs'>, random: number): number {
  const exponent = Math.min(Math.max(attempts - 1, 0), 30);
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** exponent);
  return Math.max(Math.floor(random * ceiling), Math.ceil(policy.baseMs / 10));
}

export interface RetryDecision {
  /** Undefined: give up now. */
  nextAttemptAt?: number;
  /** Rows created at or before this have been retried for the whole window and die instead. */
  deadIfCreatedBy: number;
  /** A person needs to fix the channel: the receiver refused the request itself. */
  permanent: boolean;
}

export function decideRetry(outcome: Extract<SendOutcome, { ok: false }>, attempts: number, now: number, policy: RetryPolicy, random: number): RetryDecision {
  const deadIfCreatedBy = now - policy.retryForMs;
  if (outcome.permanent) return { deadIfCreatedBy, permanent: true };
  return { nextAttemptAt: now + Math.max(backoffDelay(attempts, policy, random), askedWait(outcome)), deadIfCreatedBy, permanent: false };
}

/** The wait the receiver asked for (Retry-After), within what is believed. */
export function askedWait(outcome: Pick<Extract<SendOutcome, { ok: false }>, 'retryAfterMs'>): number {
  return outcome.retryAfterMs === undefined ? 0 : Math.min(outcome.retryAfterMs, RETRY_AFTER_MAX_MS);
}

import { describe, expect, it } from 'vitest';
import { backoffDelay, decideRetry, defaultRetryPolicy, type RetryPolicy } from './backoff.js';

const policy: RetryPolicy = { baseMs: 5_000, capMs: 600_000, retryForMs: 86_400_000 };

describe('backoffDelay', () => {
  it.each([
    // attempts, random, expected wait
    [1, 0.999, 4_995],
    [1, 0.5, 2_500],
    [2, 0.5, 5_000],
    [3, 0.5, 10_000],
    [5, 1, 80_000],
    [7, 1, 320_000],
    [8, 1, 600_000],
    [40, 1, 600_000],
    [1, 0, 500],
    [9, 0, 500],
  ])('waits up to base·2^(n−1), capped, after attempt %i (random %d): %i ms', (attempts, random, expected) => {
    expect(backoffDelay(attempts, policy, random)).toBe(expected);
  });

  it('keeps the default first retry within 5 s and no wait past 10 min', () => {
    expect(backoffDelay(1, defaultRetryPolicy, 0.9999)).toBeLessThan(5_000);
    expect(backoffDelay(100, defaultRetryPolicy, 0.9999)).toBeLessThanOrEqual(600_000);
  });
});

describe('decideRetry', () => {
  const now = 1_000_000_000;

  it.each([
    ['a 503 retries after the jittered backoff', { ok: false as const, permanent: false, error: 'HTTP 503' }, 3, now + 10_000],
    ['a 429 waits as long as Retry-After asks', { ok: false as const, permanent: false, error: 'HTTP 429', retryAfterMs: 120_000 }, 1, now + 120_000],
    ['a short Retry-After does not shorten the backoff', { ok: false as const, permanent: false, error: 'HTTP 429', retryAfterMs: 1_000 }, 3, now + 10_000],
    [
      'a Retry-After of a day is believed for an hour only',
      { ok: false as const, permanent: false, error: 'HTTP 503', retryAfterMs: 86_400_000 },
      1,
      now + 3_600_000,
    ],
    ['a permanent refusal is not retried', { ok: false as const, permanent: true, error: 'HTTP 400' }, 1, undefined],
  ])('%s', (_name, outcome, attempts, nextAttemptAt) => {
    const decision = decideRetry(outcome, attempts, now, policy, 0.5);
    expect(decision.nextAttemptAt).toBe(nextAttemptAt);
    expect(decision.permanent).toBe(outcome.permanent);
    expect(decision.deadIfCreatedBy).toBe(now - 86_400_000);
  });
});

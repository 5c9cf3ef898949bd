import { describe, expect, it } from 'vitest';
import { TokenBuckets } from './token-bucket.js';

describe('TokenBuckets', () => {
  it('allows a burst, then refuses until tokens refill', () => {
    const buckets = new TokenBuckets({ rate: 5, burst: 10 });
    const taken = Array.from({ length: 12 }, () => buckets.take('a', 0));
    expect(taken.filter(Boolean)).toHaveLength(10);
    expect(buckets.take('a', 100)).toBe(false);
    expect(buckets.take('a', 200)).toBe(true);
  });

  it('holds a sustained stream to the rate', () => {
    const buckets = new TokenBuckets({ rate: 5, burst: 10 });
    let accepted = 0;
    // 20 pings a second for 10 seconds.
    for (let t = 0; t < 10_000; t += 50) if (buckets.take('a', t)) accepted++;
    expect(accepted).toBeGreaterThanOrEqual(55);
    expect(accepted).toBeLessThanOrEqual(61);
  });

  it('keeps keys apart', () => {
    const buckets = new TokenBuckets({ rate: 1, burst: 1 });
    expect(buckets.take('a', 0)).toBe(true);
    expect(buckets.take('b', 0)).toBe(true);
    expect(buckets.take('a', 0)).toBe(false);
  });

  it('forgets idle keys instead of growing without bound', () => {
    const buckets = new TokenBuckets({ rate: 5, burst: 10, maxKeys: 100 });
    for (let i = 0; i < 1000; i++) buckets.take(`k${i}`, i * 10_000);
    expect(buckets.size).toBeLessThanOrEqual(100);
  });
});

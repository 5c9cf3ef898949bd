import { describe, expect, it } from 'vitest';
import { nextSlot, phaseOffset } from './schedule.js';

describe('stable schedule phases', () => {
  it('gives the same monitor the same offset every time', () => {
    expect(phaseOffset('update-center', 30_000)).toBe(phaseOffset('update-center', 30_000));
  });

  it('spreads many monitors evenly over the interval', () => {
    const buckets = new Array(10).fill(0);
    for (let i = 0; i < 10_000; i++) buckets[Math.floor(phaseOffset(`monitor-${i}`, 10_000) / 1000)]++;
    for (const count of buckets) expect(count).toBeGreaterThan(800);
  });

  it('finds the next slot strictly after a time', () => {
    expect(nextSlot(0, 1000, 250)).toBe(250);
    expect(nextSlot(250, 1000, 250)).toBe(1250);
    expect(nextSlot(1249, 1000, 250)).toBe(1250);
    expect(nextSlot(1_700_000_000_123, 60_000, 5_000) % 60_000).toBe(5_000);
  });
});

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FIRST_CHECKS_PER_SECOND, firstCheckWindow, firstDue, nextSlot, phaseOffset, settledSlot } from './schedule.js';

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

describe('the first check', () => {
  const DAY = 86_400_000;

  it('comes within five seconds for a monitor with no recent result', () => {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 5001, max: 30 * DAY }), fc.integer({ min: 0, max: 4e12 }), (id, interval, now) => {
        const { due, onSlot } = firstDue(id, interval, now);
        expect(onSlot).toBe(false);
        expect(due - now).toBeGreaterThanOrEqual(0);
        expect(due - now).toBeLessThan(5000);
      }),
    );
  });

  it('is the stable slot itself when the interval is five seconds or less, so no run is added to the steady load', () => {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 0, max: 4e12 }), (id, interval, now) => {
        const { due, onSlot } = firstDue(id, interval, now);
        expect(onSlot).toBe(true);
        expect(due % interval).toBe(phaseOffset(id, interval));
        expect(due - now).toBeLessThanOrEqual(interval);
      }),
    );
  });

  it('waits for the stable slot when the last result is younger than the interval, so the gap stays under two intervals', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.integer({ min: 1000, max: 30 * DAY }),
        fc.integer({ min: 0, max: 4e12 }),
        fc.double({ min: 0, max: 0.999, noNaN: true }),
        (id, interval, now, age) => {
          const last = now - Math.floor(age * interval);
          const { due, onSlot } = firstDue(id, interval, now, last);
          expect(onSlot).toBe(true);
          expect(due % interval).toBe(phaseOffset(id, interval));
          expect(due - last).toBeLessThan(2 * interval);
        },
      ),
    );
  });

  it('spreads a crowd of new monitors at no more than FIRST_CHECKS_PER_SECOND, each within its interval', () => {
    const count = 20_000;
    const window = firstCheckWindow(count);
    expect(window).toBe(40_000);
    const perSecond = new Map<number, number>();
    for (let i = 0; i < count; i++) {
      const { due } = firstDue(`monitor-${i}`, 60_000, 0, undefined, window);
      expect(due).toBeLessThan(60_000);
      perSecond.set(Math.floor(due / 1000), (perSecond.get(Math.floor(due / 1000)) ?? 0) + 1);
    }
    // A hash is not a perfect spread: allow 20 % over the mean rate.
    expect(Math.max(...perSecond.values())).toBeLessThanOrEqual(FIRST_CHECKS_PER_SECOND * 1.2);
    // More monitors than fit in their interval at that rate go straight to their stable slots.
    expect(firstDue('m', 60_000, 0, undefined, firstCheckWindow(100_000)).onSlot).toBe(true);
  });

  it('settles on the stable slot at least half an interval and at most one and a half after the first check', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 * DAY }), fc.integer({ min: 0, max: 4e12 }), fc.nat(), (interval, ranAt, seed) => {
        const offset = seed % interval;
        const next = settledSlot(ranAt, interval, offset);
        expect(next % interval).toBe(offset);
        expect(next - ranAt).toBeGreaterThan(interval / 2);
        expect(next - ranAt).toBeLessThanOrEqual(interval * 1.5);
      }),
    );
  });
});

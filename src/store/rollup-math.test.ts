import { describe, expect, it } from 'vitest';
import { bucketStart, nearestRank, percentile, uptimePercent } from './rollup-math.js';

describe('nearestRank', () => {
  it.each([
    // [p, n, rank]: ceil(p/100 · n)
    [50, 1, 1],
    [95, 1, 1],
    [50, 2, 1],
    [50, 3, 2],
    [50, 10, 5],
    [95, 10, 10],
    [95, 20, 19],
    [95, 21, 20],
    [95, 100, 95],
    [95, 101, 96],
  ])('puts the p%d of %d values at rank %d', (p, n, rank) => {
    expect(nearestRank(p, n)).toBe(rank);
  });
});

describe('percentile', () => {
  it('picks the nearest-rank value, whatever the input order', () => {
    const values = [40, 10, 30, 20, 50, 60, 70, 80, 90, 100];
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 95)).toBe(100);
  });

  it('has no percentile of nothing', () => {
    expect(percentile([], 50)).toBeNull();
  });
});

describe('bucketStart', () => {
  it('floors to the UTC hour and day', () => {
    const at = Date.UTC(2024, 2, 31, 1, 59, 59, 999);
    expect(bucketStart(at, 'hour')).toBe(Date.UTC(2024, 2, 31, 1));
    expect(bucketStart(at, 'day')).toBe(Date.UTC(2024, 2, 31));
    expect(bucketStart(Date.UTC(2024, 2, 31), 'day')).toBe(Date.UTC(2024, 2, 31));
  });
});

describe('uptimePercent', () => {
  it.each([
    [{ up: 4, degraded: 0, down: 0 }, 100],
    [{ up: 2, degraded: 1, down: 1 }, 75],
    [{ up: 0, degraded: 0, down: 8 }, 0],
    [{ up: 0, degraded: 0, down: 0 }, null],
  ])('counts up and degraded runs as available in %o', (row, expected) => {
    expect(uptimePercent(row)).toBe(expected);
  });
});

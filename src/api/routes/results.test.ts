import { describe, expect, it } from 'vitest';
import { resolutionFor } from './results.js';

const HOUR = 3_600_000;

describe('resolutionFor', () => {
  it.each([
    [undefined, 'raw'],
    [24 * HOUR, 'raw'],
    [25 * HOUR, 'minute'],
    [48 * HOUR, 'minute'],
    [49 * HOUR, 'hour'],
    [60 * 24 * HOUR, 'hour'],
    [61 * 24 * HOUR, 'day'],
  ] as const)('reads a range of %s ms at %s resolution', (span, expected) => {
    const to = 1_800_000_000_000;
    expect(resolutionFor(span === undefined ? undefined : to - span, to)).toBe(expected);
  });
});

import { describe, expect, it } from 'vitest';
import { TEST_MESSAGE_LIMIT, TEST_METRICS_LIMIT, bounded } from './monitor-test.js';

describe('bounded', () => {
  const result = { status: 'down' as const, latencyMs: 3, timings: { total: 3 } };

  it('cuts the message to TEST_MESSAGE_LIMIT characters', () => {
    const message = bounded({ ...result, message: `banner: ${'x'.repeat(2000)}` }).message;
    expect(message).toHaveLength(TEST_MESSAGE_LIMIT);
    expect(message.endsWith('…')).toBe(true);
  });

  it('keeps only finite numbers among the metrics, at most TEST_METRICS_LIMIT of them', () => {
    const metrics = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`m${i}`, i]));
    const out = bounded({ ...result, message: 'x', metrics: { ...metrics, nan: Number.NaN, text: 'secret' as unknown as number } });
    expect(Object.keys(out.metrics!)).toHaveLength(TEST_METRICS_LIMIT);
    expect(Object.values(out.metrics!).every(Number.isFinite)).toBe(true);
  });

  it('leaves a short result as it is', () => {
    expect(bounded({ ...result, message: 'HTTP 200 in 3 ms', metrics: { http_status: 200 } })).toEqual({
      ...result,
      message: 'HTTP 200 in 3 ms',
      metrics: { http_status: 200 },
    });
  });
});

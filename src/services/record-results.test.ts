import { describe, expect, it } from 'vitest';
import { toRows } from './record-results.js';

const result = { status: 'up' as const, latencyMs: 12, timings: { total: 12 }, message: 'HTTP 200 in 12 ms' };

describe('toRows', () => {
  it('stores a result as one row', () => {
    expect(toRows({ monitorId: 'web', at: 5000, result, missed: 0 })).toEqual([
      {
        monitorId: 'web',
        at: 5000,
        status: 'up',
        latencyMs: 12,
        message: 'HTTP 200 in 12 ms',
        timings: { total: 12 },
        metrics: null,
        missed: false,
        excluded: false,
      },
    ]);
  });

  it('records slots that could not run as a missed row before the result, never as the result', () => {
    const [gap, row] = toRows({ monitorId: 'web', at: 5000, result, missed: 3 });
    expect(gap).toMatchObject({
      at: 4999,
      missed: true,
      latencyMs: 0,
      message: '3 scheduled runs could not start: the engine was blocked or the previous run was still going',
    });
    expect(row).toMatchObject({ at: 5000, missed: false, latencyMs: 12 });
  });
});

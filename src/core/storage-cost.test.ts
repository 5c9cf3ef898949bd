import { describe, expect, it } from 'vitest';
import { formatBytes, storageCost } from './storage-cost.js';

const DAY = 86_400_000;

describe('storageCost', () => {
  it('prices each retention setting from the bytes per row the store holds now', () => {
    const cost = storageCost({
      tables: [{ table: 'results', rows: 1_000, bytes: 250_000 }, { table: 'rollups', rows: 100, bytes: 10_000 }, { table: 'outbox', rows: 5, bytes: 4_096 }],
      resultsPerDay: 14_400_000,
      monitorsReporting: 10_000,
      retention: { raw: 14 * DAY, rollups: 400 * DAY },
    });
    expect(cost.totalBytes).toBe(264_096);
    expect(cost.costs).toEqual([
      { setting: 'retention.raw (results)', keeps: 14 * DAY, rowsPerDay: 14_400_000, bytesPerRow: 250, steadyBytes: 14_400_000 * 14 * 250 },
      { setting: 'retention.rollups (hourly and daily)', keeps: 400 * DAY, rowsPerDay: 250_000, bytesPerRow: 100, steadyBytes: 250_000 * 400 * 100 },
    ]);
    expect(cost.growthPerDay).toBe(14_400_000 * 250 + 250_000 * 100);
    expect(cost.steadyBytes).toBe(4_096 + 14_400_000 * 14 * 250 + 250_000 * 400 * 100);
    expect(cost.unmeasured).toEqual([]);
  });

  it('leaves out, and names, what it cannot measure yet rather than guessing', () => {
    const cost = storageCost({ tables: [{ table: 'results', rows: 10, bytes: 2_000 }], resultsPerDay: 100, monitorsReporting: 2, retention: { raw: 7 * DAY, rollups: 90 * DAY } });
    expect(cost.growthPerDay).toBe(100 * 200);
    expect(cost.steadyBytes).toBe(100 * 7 * 200);
    expect(cost.unmeasured).toEqual(['retention.rollups (hourly and daily)']);
    expect(storageCost({ tables: [], resultsPerDay: 0, monitorsReporting: 0, retention: { raw: DAY, rollups: DAY } }).unmeasured).toEqual([]);
  });

  it('prints sizes in binary units', () => {
    expect([formatBytes(512), formatBytes(1536), formatBytes(350 * 2 ** 20), formatBytes(4.5 * 2 ** 30)]).toEqual(['512 B', '1.5 KiB', '350 MiB', '4.5 GiB']);
  });
});

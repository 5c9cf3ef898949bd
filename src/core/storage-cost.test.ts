import { describe, expect, it } from 'vitest';
import { formatBytes, storageCost } from './storage-cost.js';

const DAY = 86_400_000;

describe('storageCost', () => {
  it('prices each retention setting from the bytes per row the store holds now', () => {
    const cost = storageCost({
      tables: [
        { table: 'results', rows: 1_000, bytes: 250_000 },
        { table: 'rollups', rows: 100, bytes: 10_000 },
        { table: 'outbox', rows: 5, bytes: 4_096 },
      ],
      resultsPerDay: 14_400_000,
      monitorsReporting: 10_000,
      retention: { raw: 14 * DAY, rollups: 400 * DAY, hourly: 90 * DAY },
    });
    expect(cost.totalBytes).toBe(264_096);
    expect(cost.costs).toEqual([
      { setting: 'retention.raw (results)', keeps: 14 * DAY, rowsPerDay: 14_400_000, bytesPerRow: 250, steadyBytes: 14_400_000 * 14 * 250 },
      { setting: 'retention.hourly (hourly rollups)', keeps: 90 * DAY, rowsPerDay: 240_000, bytesPerRow: 100, steadyBytes: 240_000 * 90 * 100 },
      { setting: 'retention.rollups (daily rollups)', keeps: 400 * DAY, rowsPerDay: 10_000, bytesPerRow: 100, steadyBytes: 10_000 * 400 * 100 },
    ]);
    expect(cost.growthPerDay).toBe(14_400_000 * 250 + 250_000 * 100);
    expect(cost.steadyBytes).toBe(4_096 + 14_400_000 * 14 * 250 + 240_000 * 90 * 100 + 10_000 * 400 * 100);
    expect(cost.unmeasured).toEqual([]);
  });

  it('leaves out, and names, what it cannot measure yet rather than guessing', () => {
    const cost = storageCost({
      tables: [{ table: 'results', rows: 10, bytes: 2_000 }],
      resultsPerDay: 100,
      monitorsReporting: 2,
      retention: { raw: 7 * DAY, rollups: 90 * DAY },
    });
    expect(cost.growthPerDay).toBe(100 * 200);
    expect(cost.steadyBytes).toBe(100 * 7 * 200);
    expect(cost.unmeasured).toEqual(['retention.hourly (hourly rollups)', 'retention.rollups (daily rollups)']);
    expect(storageCost({ tables: [], resultsPerDay: 0, monitorsReporting: 0, retention: { raw: DAY, rollups: DAY } }).unmeasured).toEqual([]);
  });

  it('keeps hourly rollups no longer than daily ones', () => {
    const cost = storageCost({ tables: [], resultsPerDay: 0, monitorsReporting: 1, retention: { raw: DAY, rollups: 30 * DAY, hourly: 90 * DAY } });
    expect(cost.costs[1]!.keeps).toBe(30 * DAY);
  });

  it('prints sizes in binary units', () => {
    expect([formatBytes(512), formatBytes(1536), formatBytes(350 * 2 ** 20), formatBytes(4.5 * 2 ** 30)]).toEqual(['512 B', '1.5 KiB', '350 MiB', '4.5 GiB']);
  });
});

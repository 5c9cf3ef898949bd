import { describe, expect, it } from 'vitest';
import { formatBytes, storageCost } from './storage-cost.js';

const DAY = 86_400_000;

describe('storageCost', () => {
  it('prices each retention setting from the bytes per row the store holds now', () => {
    const cost = storageCost({
      tables: [
        { table: 'results', rows: 1_000, bytes: 40_000 },
        // 100 packed hours of 60 minutes: a byte of data a minute, 60 bytes of overhead a row.
        { table: 'minute_rollups', rows: 100, bytes: 12_000 },
        { table: 'rollups', rows: 100, bytes: 5_000 },
        // 10 packed days of 24 hours: 14 bytes of data an hour, 144 bytes of overhead a row.
        { table: 'hourly_rollups', rows: 10, bytes: 4_800 },
        { table: 'outbox', rows: 5, bytes: 4_096 },
      ],
      resultsPerDay: 14_400_000,
      keptPerDay: 400_000,
      monitorsReporting: 10_000,
      routineBytesPerRow: 36,
      keptBytesPerRow: 160,
      hourlyHours: 240,
      hourlyPackedBytes: 3_360,
      minuteSlots: 6_000,
      minutePackedBytes: 6_000,
      retention: { raw: 14 * DAY, successes: DAY, minute: 2 * DAY, rollups: 400 * DAY, hourly: 90 * DAY },
    });
    expect(cost.totalBytes).toBe(65_896);
    expect(cost.costs).toEqual([
      { setting: 'retention.successes (routine results)', keeps: DAY, rowsPerDay: 14_000_000, bytesPerRow: 36, steadyBytes: 14_000_000 * 36 },
      { setting: 'retention.raw (failures and changes)', keeps: 14 * DAY, rowsPerDay: 400_000, bytesPerRow: 160, steadyBytes: 400_000 * 14 * 160 },
      // Hours of minutes go whole: up to an hour more than retention.minute is held.
      {
        setting: 'retention.minute (minute rollups)',
        keeps: 2 * DAY,
        rowsPerDay: 14_400_000,
        bytesPerRow: 2,
        steadyBytes: expect.closeTo(600_000 * 49 * 2, 0),
      },
      // Days go whole: up to a day more than retention.hourly is held.
      { setting: 'retention.hourly (hourly rollups)', keeps: 90 * DAY, rowsPerDay: 240_000, bytesPerRow: 20, steadyBytes: 240_000 * 91 * 20 },
      { setting: 'retention.rollups (daily rollups)', keeps: 400 * DAY, rowsPerDay: 10_000, bytesPerRow: 50, steadyBytes: 10_000 * 400 * 50 },
    ]);
    expect(cost.growthPerDay).toBe(14_000_000 * 36 + 400_000 * 160 + 14_400_000 * 2 + 240_000 * 20 + 10_000 * 50);
    expect(cost.steadyBytes).toBeCloseTo(4_096 + 14_000_000 * 36 + 400_000 * 14 * 160 + 600_000 * 49 * 2 + 240_000 * 91 * 20 + 10_000 * 400 * 50);
    expect(cost.unmeasured).toEqual([]);
  });

  it('prices a minute of one result only for the part of retention.minute after its result is pruned', () => {
    const retention = { raw: 14 * DAY, successes: DAY, minute: 2 * DAY, rollups: 400 * DAY };
    // 10,000 monitors at 60 s: every minute holds one result; at 10 s none does.
    const at60 = storageCost({
      tables: [],
      resultsPerDay: 14_400_000,
      monitorsReporting: 10_000,
      minutesPerDay: 14_400_000,
      singleMinutesPerDay: 14_400_000,
      retention,
    });
    expect(at60.costs[2]).toMatchObject({ keeps: 2 * DAY, rowsPerDay: 7_200_000 });
    const at10 = storageCost({
      tables: [],
      resultsPerDay: 86_400_000,
      monitorsReporting: 10_000,
      minutesPerDay: 14_400_000,
      singleMinutesPerDay: 0,
      retention,
    });
    expect(at10.costs[2]!.rowsPerDay).toBe(14_400_000);
    // Minutes kept no longer than successes never need a row of their own.
    expect(
      storageCost({
        tables: [],
        resultsPerDay: 1440,
        monitorsReporting: 1,
        minutesPerDay: 1440,
        singleMinutesPerDay: 1440,
        retention: { ...retention, minute: DAY },
      }).costs[2]!.rowsPerDay,
    ).toBe(0);
  });

  it('prices a minute rollup per monitor and minute, never more than there are results', () => {
    const cost = storageCost({ tables: [], resultsPerDay: 288 * 10, monitorsReporting: 10, retention: { raw: DAY, rollups: DAY } });
    expect(cost.costs[2]!.rowsPerDay).toBe(2_880);
    expect(storageCost({ tables: [], resultsPerDay: 8_640 * 10, monitorsReporting: 10, retention: { raw: DAY, rollups: DAY } }).costs[2]!.rowsPerDay).toBe(
      14_400,
    );
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
    expect(cost.unmeasured).toEqual(['retention.minute (minute rollups)', 'retention.hourly (hourly rollups)', 'retention.rollups (daily rollups)']);
    expect(storageCost({ tables: [], resultsPerDay: 0, monitorsReporting: 0, retention: { raw: DAY, rollups: DAY } }).unmeasured).toEqual([]);
  });

  it('keeps hourly rollups no longer than daily ones, and successes no longer than failures', () => {
    const cost = storageCost({
      tables: [],
      resultsPerDay: 0,
      monitorsReporting: 1,
      retention: { raw: DAY, successes: 3 * DAY, rollups: 30 * DAY, hourly: 90 * DAY },
    });
    expect(cost.costs[3]!.keeps).toBe(30 * DAY);
    expect(cost.costs[0]!.keeps).toBe(DAY);
  });

  it('prints sizes in binary units', () => {
    expect([formatBytes(512), formatBytes(1536), formatBytes(350 * 2 ** 20), formatBytes(4.5 * 2 ** 30)]).toEqual(['512 B', '1.5 KiB', '350 MiB', '4.5 GiB']);
  });
});

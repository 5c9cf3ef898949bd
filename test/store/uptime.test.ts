import fc from 'fast-check';
import { expect, it } from 'vitest';
import type { Status } from '../../src/core/types.js';
import { NO_RESULTS, sumCounts, type UptimeCounts } from '../../src/core/uptime.js';
import { insertResults, type ResultRow } from '../../src/store/results.js';
import { rollUp } from '../../src/store/rollups.js';
import { planSegments, uptimeCounts, uptimeOf } from '../../src/store/uptime.js';
import { describeStore } from './dialects.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const DAY0 = Date.UTC(2024, 2, 10);
const STATUSES: Status[] = ['up', 'up', 'up', 'degraded', 'down', 'unknown'];

/** Three days of a result every 7 minutes, cycling through statuses, every fifth one excluded. */
const history: ResultRow[] = Array.from({ length: Math.floor((3 * DAY) / (7 * 60_000)) }, (_, i) => ({
  monitorId: i % 2 === 0 ? 'web' : 'db',
  at: DAY0 + i * 7 * 60_000,
  status: STATUSES[i % STATUSES.length]!,
  latencyMs: 10,
  message: 'x',
  timings: {},
  excluded: i % 5 === 0,
}));

/** What the raw results alone say: the reference every mix of rollups must match. */
function fromRaw(monitorId: string, from: number, to: number): UptimeCounts {
  return history
    .filter((r) => r.monitorId === monitorId && r.at >= from && r.at < to)
    .reduce<UptimeCounts>((sum, r) => sumCounts(sum, r.excluded ? { ...NO_RESULTS, excluded: 1 } : { ...NO_RESULTS, [r.status]: 1 }), NO_RESULTS);
}

it('covers a window with the largest rolled-up buckets and raw results for the rest', () => {
  const rolled = { day: DAY0 + DAY, hour: DAY0 + DAY + 5 * HOUR };
  expect(planSegments(DAY0 - 30 * 60_000, DAY0 + DAY + 7 * HOUR + 1, rolled)).toEqual([
    { source: 'raw', from: DAY0 - 30 * 60_000, to: DAY0 },
    { source: 'day', from: DAY0, to: DAY0 + DAY },
    { source: 'hour', from: DAY0 + DAY, to: DAY0 + DAY + 5 * HOUR },
    { source: 'raw', from: DAY0 + DAY + 5 * HOUR, to: DAY0 + DAY + 7 * HOUR + 1 },
  ]);
  expect(planSegments(DAY0 + 10, DAY0 + 20, rolled)).toEqual([{ source: 'raw', from: DAY0 + 10, to: DAY0 + 20 }]);
  expect(planSegments(DAY0, DAY0 + HOUR, {})).toEqual([{ source: 'raw', from: DAY0, to: DAY0 + HOUR }]);
});

describeStore('uptime', (store) => {
  it('counts any window exactly as the raw results do, whatever has been rolled up', async () => {
    const db = store().db;
    await insertResults(db, history);
    // Rolled up to the middle of the second day: days, hours and raw all take part.
    await rollUp(db, DAY0 + DAY + 13 * HOUR + 20 * 60_000);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: -HOUR, max: 3 * DAY }), fc.integer({ min: 1, max: 3 * DAY }), async (start, length) => {
        const from = DAY0 + start;
        const counts = await uptimeCounts(db, ['web', 'db'], from, from + length);
        for (const id of ['web', 'db']) expect(counts.get(id) ?? NO_RESULTS).toEqual(fromRaw(id, from, from + length));
      }),
      { numRuns: 40 },
    );
  });

  it('leaves unknown and excluded results out of the percentage, and says "no data" with none judged', async () => {
    const db = store().db;
    const at = (i: number, status: Status, excluded = false): ResultRow => ({
      monitorId: 'm',
      at: DAY0 + i,
      status,
      latencyMs: 1,
      message: '',
      timings: {},
      excluded,
    });
    await insertResults(db, [at(0, 'up'), at(1, 'degraded'), at(2, 'down'), at(3, 'unknown'), at(4, 'down', true), at(5, 'up')]);
    expect(await uptimeOf(db, 'm', DAY0, DAY0 + 10)).toEqual({ up: 2, degraded: 1, down: 1, unknown: 1, excluded: 1, percent: 75 });
    expect((await uptimeOf(db, 'm', DAY0 + 3, DAY0 + 5)).percent).toBeNull();
    expect((await uptimeOf(db, 'nobody', DAY0, DAY0 + 10)).percent).toBeNull();
  });
});

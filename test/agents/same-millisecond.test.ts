/**
 * Two locations checking one monitor start in the same millisecond: the scheduler's phase is a
 * function of the monitor id alone (core/schedule.ts), so local and an agent share their slots.
 * Each location's row is its own: (monitor, at, location) is a row's identity.
 */
import { expect, it } from 'vitest';
import { migrations } from '../../src/store/migrations/index.js';
import { insertResults, recentResults, type ResultRow } from '../../src/store/results.js';
import { describeStore } from '../store/dialects.js';

const row = (at: number, location: string, status: ResultRow['status'] = 'up'): ResultRow => ({
  monitorId: 'web',
  at,
  status,
  latencyMs: 5,
  message: status === 'up' ? 'HTTP 200' : 'connect timed out after 5 s',
  timings: {},
  location,
});

describeStore('results of several locations at the same millisecond', (store) => {
  it('keeps one row per location, in one batch and across batches', async () => {
    const { db } = store();
    await insertResults(db, [row(1000, 'local'), row(1000, 'west', 'down')]);
    await insertResults(db, [row(1000, 'east')]);
    const read = await recentResults(db, 'web');
    expect(read.map((r) => r.location ?? 'local').sort()).toEqual(['east', 'local', 'west']);
    expect(read.find((r) => r.location === 'west')?.status).toBe('down');
  });

  it('still stores a result sent twice from one location once', async () => {
    const { db } = store();
    await insertResults(db, [row(1000, 'west')]);
    await insertResults(db, [row(1000, 'west'), row(2000, 'west')]);
    expect((await recentResults(db, 'web')).map((r) => r.at)).toEqual([2000, 1000]);
  });

  it('pages by time without losing a location whose row shares the page edge', async () => {
    const { db } = store();
    await insertResults(db, [row(1000, 'local'), row(1000, 'west'), row(2000, 'local'), row(2000, 'west'), row(3000, 'local')]);
    const seen: string[] = [];
    let before: number | undefined;
    for (let page = 0; page < 10; page++) {
      const rows = await recentResults(db, 'web', { limit: 2, ...(before !== undefined && { before }) });
      if (rows.length === 0) break;
      seen.push(...rows.map((r) => `${r.at}/${r.location ?? 'local'}`));
      before = rows.at(-1)!.at;
    }
    expect(seen.sort()).toEqual(['1000/local', '1000/west', '2000/local', '2000/west', '3000/local']);
  });
});

describeStore('migration 0038: (monitor, at, location) as the row identity', (store) => {
  it('goes down keeping local at a shared millisecond, and up again keeping every row', async () => {
    const { db } = store();
    await insertResults(db, [row(1000, 'west'), row(1000, 'local'), row(2000, 'west')]);
    await migrations['0038_location_rows']!.down!(db);
    expect((await recentResults(db, 'web')).map((r) => `${r.at}/${r.location ?? 'local'}`)).toEqual(['2000/west', '1000/local']);
    await migrations['0038_location_rows']!.up(db);
    await insertResults(db, [row(3000, 'local'), row(3000, 'west')]);
    expect((await recentResults(db, 'web')).map((r) => `${r.at}/${r.location ?? 'local'}`)).toEqual(['3000/local', '3000/west', '2000/west', '1000/local']);
  });
});

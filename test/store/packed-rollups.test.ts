import fc from 'fast-check';
import { expect, it } from 'vitest';
import type { Status } from '../../src/core/types.js';
import { NO_RESULTS, sumCounts, type UptimeCounts } from '../../src/core/uptime.js';
import { findKeys } from '../../src/store/monitor-keys.js';
import { migrations } from '../../src/store/migrations/index.js';
import { prune } from '../../src/store/retention.js';
import { insertResults, type ResultRow } from '../../src/store/results.js';
import { packSlots, unpackSlots, type Slot } from '../../src/store/rollup-pack.js';
import { readMinuteRollups, readRollups, rollUp, writeRollups, type RollupRow } from '../../src/store/rollups.js';
import { uptimeCounts } from '../../src/store/uptime.js';
import { describeStore } from './dialects.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const DAY0 = Date.UTC(2024, 2, 10);
const MIGRATION = migrations['0039_packed_rollups']!;
const STATUSES: Status[] = ['up', 'up', 'up', 'degraded', 'down', 'unknown'];

const slot = fc.record({
  count: fc.nat({ max: 100_000 }),
  up: fc.nat({ max: 100_000 }),
  degraded: fc.nat({ max: 300 }),
  down: fc.nat({ max: 300 }),
  unknown: fc.nat({ max: 300 }),
  excluded: fc.nat({ max: 300 }),
  latency_p50_us: fc.option(fc.nat({ max: 2 ** 31 - 1 })),
  latency_p95_us: fc.option(fc.nat({ max: 2 ** 31 - 1 })),
  latency_max_us: fc.option(fc.maxSafeNat()),
}) as fc.Arbitrary<Slot>;

it('packs any set of hours and reads back exactly the same', () => {
  fc.assert(
    fc.property(fc.dictionary(fc.integer({ min: 0, max: 23 }).map(String), slot), (dict) => {
      const slots = new Map(Object.entries(dict).map(([k, v]) => [Number(k), v]));
      expect(unpackSlots(packSlots(slots, 24), 24)).toEqual(new Map([...slots].sort(([a], [b]) => a - b)));
    }),
  );
  const hour: Slot = { count: 60, up: 60, degraded: 0, down: 0, unknown: 0, excluded: 0, latency_p50_us: 4_200, latency_p95_us: 6_900, latency_max_us: 7_100 };
  // A day of hours at a 60 s interval: a 3-byte map and 12 bytes an hour.
  expect(packSlots(new Map(Array.from({ length: 24 }, (_, i) => [i, hour])), 24).length).toBe(3 + 24 * 12);
  // An hour of minutes: an 8-byte map.
  expect(unpackSlots(packSlots(new Map([[59, hour]]), 60), 60)).toEqual(new Map([[59, hour]]));
  // The largest latency a double holds exactly, stored plus one (a run of the property above found it refused).
  const slowest = { ...hour, latency_max_us: Number.MAX_SAFE_INTEGER };
  expect(unpackSlots(packSlots(new Map([[0, slowest]]), 24), 24)).toEqual(new Map([[0, slowest]]));
  expect(() => packSlots(new Map([[24, hour]]), 24)).toThrow(/slot 24/);
  expect(() => unpackSlots(packSlots(new Map([[0, hour]]), 24).subarray(0, 6), 24)).toThrow(/ends inside/);
});

/** Five days of a result every 7 minutes for two monitors, cycling through statuses, every fifth one excluded. */
const history: ResultRow[] = Array.from({ length: Math.floor((5 * DAY) / (7 * 60_000)) }, (_, i) => ({
  monitorId: i % 2 === 0 ? 'web' : 'db',
  at: DAY0 + i * 7 * 60_000,
  status: STATUSES[i % STATUSES.length]!,
  latencyMs: 10 + (i % 13),
  message: 'x',
  timings: {},
  excluded: i % 5 === 0,
}));

/** What the raw results alone say: the reference uptime must match to the hour. */
function fromRaw(monitorId: string, from: number, to: number): UptimeCounts {
  return history
    .filter((r) => r.monitorId === monitorId && r.at >= from && r.at < to)
    .reduce<UptimeCounts>((sum, r) => sumCounts(sum, r.excluded ? { ...NO_RESULTS, excluded: 1 } : { ...NO_RESULTS, [r.status]: 1 }), NO_RESULTS);
}

describeStore('minute and hourly rollups packed many to a row', (store) => {
  it('gives the same uptime to the hour once raw results are gone as the raw results did', async () => {
    const db = store().db;
    await insertResults(db, history);
    // Rolled up to the middle of the fourth day: hours of a partly rolled-up day are in its packed row.
    await rollUp(db, DAY0 + 3 * DAY + 13 * HOUR);
    const hourEdges = fc.tuple(fc.integer({ min: 0, max: 3 * 24 + 13 }), fc.integer({ min: 0, max: 3 * 24 + 13 })).filter(([a, b]) => a < b);
    const windows = fc.sample(hourEdges, { numRuns: 25, seed: 14 }).map(([a, b]) => [DAY0 + a * HOUR, DAY0 + b * HOUR] as const);
    await prune(db, DAY0 + 3 * DAY + 13 * HOUR, { rawMs: 1, rollupsMs: 400 * DAY });
    // Pruned up to the day watermark (housekeeping prunes only what every grain has rolled up).
    expect(
      await db
        .selectFrom('results')
        .select('at')
        .where('at', '<', DAY0 + 3 * DAY)
        .execute(),
    ).toEqual([]);
    for (const [from, to] of windows) {
      const counts = await uptimeCounts(db, ['web', 'db'], from, to);
      for (const id of ['web', 'db']) expect(counts.get(id) ?? NO_RESULTS).toEqual(fromRaw(id, from, to));
    }
    // Every monitor at once (no list of ids) reads the same.
    expect((await uptimeCounts(db, undefined, DAY0 + 5 * HOUR, DAY0 + 2 * DAY + 7 * HOUR)).get('db')).toEqual(
      fromRaw('db', DAY0 + 5 * HOUR, DAY0 + 2 * DAY + 7 * HOUR),
    );
    const hours = await readRollups(db, 'web', 'hour', DAY0, DAY0 + 4 * DAY);
    expect(hours).toHaveLength(3 * 24 + 13);
    expect(hours.reduce((sum, h) => sum + h.count, 0)).toBe(history.filter((r) => r.monitorId === 'web' && r.at < DAY0 + 3 * DAY + 13 * HOUR).length);
    const rows = Number(
      (
        await db
          .selectFrom('hourly_rollups')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    expect(rows).toBe(2 * 4);
  });

  it('carries minute and hourly rows over to packed rows and back, exact to the microsecond', async () => {
    const db = store().db;
    const row = (monitorId: string, period: 'hour' | 'day', bucket: number, count: number, missed = false): RollupRow => ({
      monitorId,
      period,
      bucket,
      count,
      up: count - 2,
      degraded: 1,
      down: 0,
      unknown: 1,
      excluded: 0,
      latencyP50: missed ? null : 3.5,
      latencyP95: missed ? null : 9.25,
      latencyMax: missed ? null : 2_000_000.001,
    });
    const hours = [
      row('web', 'hour', DAY0, 60),
      row('web', 'hour', DAY0 + 23 * HOUR, 61, true),
      row('web', 'hour', DAY0 + DAY + 5 * HOUR, 360),
      row('db', 'hour', DAY0, 3),
    ];
    const days = [row('web', 'day', DAY0, 1440)];
    await MIGRATION.down!(db);
    // As the store held them before 0039: hourly rows in `rollups`.
    await writeRollups(db, days);
    const keys = await findKeys(db, ['web']);
    await writeRollups(db, [row('db', 'day', DAY0 - DAY, 1)]);
    const dbKey = (await findKeys(db, ['db'])).get('db')!;
    const us = (ms: number | null) => (ms === null ? null : Math.round(ms * 1000));
    await db
      .insertInto('rollups')
      .values(
        hours.map((h) => ({
          monitor_key: h.monitorId === 'web' ? keys.get('web')! : dbKey,
          period: 'hour' as const,
          bucket: h.bucket,
          count: h.count,
          up: h.up,
          degraded: h.degraded,
          down: h.down,
          unknown: h.unknown,
          excluded: h.excluded,
          latency_p50_us: us(h.latencyP50),
          latency_p95_us: us(h.latencyP95),
          latency_max_us: us(h.latencyMax),
        })),
      )
      .execute();
    const minutes = [
      { ...row('web', 'hour', DAY0 + 5 * 60_000, 6), period: 'minute' as const },
      { ...row('web', 'hour', DAY0 + 59 * 60_000, 2, true), period: 'minute' as const },
      { ...row('web', 'hour', DAY0 + HOUR, 3), period: 'minute' as const },
    ];
    await db
      .insertInto('minute_rollups')
      .values(
        minutes.map((m) => ({
          monitor_key: keys.get('web')!,
          bucket: m.bucket,
          count: m.count,
          up: m.up,
          degraded: m.degraded,
          down: m.down,
          unknown: m.unknown,
          excluded: m.excluded,
          latency_p50_us: us(m.latencyP50),
          latency_p95_us: us(m.latencyP95),
          latency_max_us: us(m.latencyMax),
        })) as never,
      )
      .execute();
    await MIGRATION.up(db);
    expect(await readMinuteRollups(db, 'web', DAY0, DAY0 + DAY)).toEqual(minutes);
    expect(await db.selectFrom('minute_rollups').select(['bucket', 'slots']).orderBy('bucket').execute()).toEqual([
      { bucket: DAY0, slots: 2 },
      { bucket: DAY0 + HOUR, slots: 1 },
    ]);
    expect(await readRollups(db, 'web', 'hour', DAY0, DAY0 + 2 * DAY)).toEqual(hours.slice(0, 3));
    expect(await readRollups(db, 'db', 'hour', DAY0, DAY0 + DAY)).toEqual([hours[3]]);
    expect(await readRollups(db, 'web', 'day', DAY0, DAY0 + DAY)).toEqual(days);
    expect(await db.selectFrom('rollups').select('period').execute()).toEqual([{ period: 'day' }, { period: 'day' }]);
    expect(await db.selectFrom('hourly_rollups').select(['monitor_key', 'bucket', 'slots']).orderBy('bucket').orderBy('monitor_key').execute()).toEqual([
      expect.objectContaining({ bucket: DAY0, slots: 2 }),
      expect.objectContaining({ bucket: DAY0, slots: 1 }),
      expect.objectContaining({ bucket: DAY0 + DAY, slots: 1 }),
    ]);
    // Writing an hour replaces that hour and keeps the day's others.
    await writeRollups(db, [{ ...hours[0]!, count: 61, up: 59 }]);
    expect(await readRollups(db, 'web', 'hour', DAY0, DAY0 + DAY)).toEqual([{ ...hours[0]!, count: 61, up: 59 }, hours[1]]);
    await MIGRATION.down!(db);
    const unpacked = await db.selectFrom('rollups').select(['bucket', 'count']).where('period', '=', 'hour').orderBy('bucket').orderBy('count').execute();
    expect(unpacked).toEqual([
      { bucket: DAY0, count: 3 },
      { bucket: DAY0, count: 61 },
      { bucket: DAY0 + 23 * HOUR, count: 61 },
      { bucket: DAY0 + DAY + 5 * HOUR, count: 360 },
    ]);
    expect(
      Number(
        (
          await db
            .selectFrom('minute_rollups')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    ).toBe(3);
    await MIGRATION.up(db);
    expect(await readRollups(db, 'web', 'hour', DAY0, DAY0 + 2 * DAY)).toEqual([{ ...hours[0]!, count: 61, up: 59 }, hours[1], hours[2]]);
    expect(await readMinuteRollups(db, 'web', DAY0, DAY0 + DAY)).toEqual(minutes);
  });
});

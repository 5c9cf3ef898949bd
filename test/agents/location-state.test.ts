/**
 * Each location's latest result outlives a restart: written to the store when its status changes
 * (and refreshed as it ages), read back at start, so the quorum decides from every location at once.
 */
import { beforeEach, expect, it } from 'vitest';
import type { RecordedResult } from '../../src/engine/engine.js';
import type { MonitorConfig } from '../../src/schema/config.js';
import { LocationResults } from '../../src/services/location-results.js';
import { deleteLocationStates, readLocationStates, readLocationStatesOf, readLocationStatesSince, saveLocationStates } from '../../src/store/location-state.js';
import type { Db } from '../../src/store/schema.js';
import { describeStore } from '../store/dialects.js';

const T0 = 1_700_000_000_000;
const monitor = { id: 'web', interval: 60_000, locations: ['local', 'east', 'west'], quorum: 2 } as MonitorConfig;

function results(db: Db, clock: { now(): number }, holds = true) {
  const decided: RecordedResult[] = [];
  const unjudged: RecordedResult[] = [];
  const warnings: string[] = [];
  const locations = new LocationResults({
    clock,
    monitor: (id) => (id === monitor.id ? monitor : undefined),
    record: (r) => decided.push(r),
    history: () => undefined,
    holds: () => holds,
    unjudged: (r) => unjudged.push(r),
    store: {
      read: () => readLocationStates(db),
      save: (rows) => saveLocationStates(db, rows, clock.now()),
      forget: (ids) => deleteLocationStates(db, ids),
      since: (since, limit) => readLocationStatesSince(db, since, limit),
      of: (ids) => readLocationStatesOf(db, ids),
    },
    warn: (m) => warnings.push(m),
  });
  return { locations, decided, unjudged, warnings };
}

const result = (at: number, location: string, status: 'up' | 'down'): RecordedResult => ({
  monitorId: 'web',
  at,
  missed: 0,
  location,
  result: { status, latencyMs: 5, message: status === 'up' ? 'HTTP 200' : 'connect timed out after 5 s', timings: {} },
});

describeStore('per-location state across a restart', (store) => {
  beforeEach(async () => {
    await store().db.withTables<{ location_state: { monitor_id: string } }>().deleteFrom('location_state').execute();
  });

  it('decides the quorum from the stored locations at the first result after a restart', async () => {
    const { db } = store();
    const clock = { now: () => T0 + 1000 };
    const before = results(db, clock);
    before.locations.accept(result(T0, 'east', 'down'));
    before.locations.accept(result(T0, 'west', 'down'));
    before.locations.accept(result(T0, 'local', 'down'));
    await before.locations.settled();
    expect(before.decided.at(-1)?.result.status).toBe('down');

    // A restart 20 s later: nothing in memory, east and west not heard from again yet.
    clock.now = () => T0 + 60_000 + 20_000;
    const after = results(db, clock);
    await after.locations.load();
    expect(after.locations.views('web')?.map((v) => [v.location, v.status, v.stale])).toEqual([
      ['local', 'down', false],
      ['east', 'down', false],
      ['west', 'down', false],
    ]);
    after.locations.accept(result(T0 + 60_000, 'local', 'up'));
    // Two locations still down: the quorum of two holds the monitor down instead of calling it unknown.
    expect(after.decided.map((r) => [r.result.status, r.result.message])).toEqual([
      ['down', 'down from east (connect timed out after 5 s), west (connect timed out after 5 s); up from local'],
    ]);
    expect(after.warnings).toEqual([]);
  });

  it('writes a location when its status changes, and again only once its stored time trails by 1.5 intervals', async () => {
    const { db } = store();
    const clock = { now: () => T0 };
    const { locations } = results(db, clock);
    const stored = async () => (await readLocationStates(db)).get('web')?.get('east');
    const at = (n: number) => T0 + n * 60_000;
    for (const [n, status, expected] of [
      [0, 'up', at(0)],
      [1, 'up', at(0)],
      [2, 'up', at(2)],
      [3, 'down', at(3)],
      [4, 'down', at(3)],
      [5, 'up', at(5)],
    ] as const) {
      clock.now = () => at(n) + 500;
      locations.accept(result(at(n), 'east', status));
      await locations.settled();
      expect((await stored())?.at, `after result ${n}`).toBe(expected);
    }
  });

  it('keeps the newest stored row when an older one arrives late, and forgets monitors no longer defined', async () => {
    const { db } = store();
    await saveLocationStates(db, [{ monitorId: 'web', location: 'east', status: 'down', at: 2000, message: 'late' }], 2000);
    await saveLocationStates(db, [{ monitorId: 'web', location: 'east', status: 'up', at: 1000, message: 'older' }], 2100);
    expect((await readLocationStates(db)).get('web')?.get('east')).toEqual({ status: 'down', at: 2000, message: 'late' });
    const { locations } = results(db, { now: () => 3000 });
    await locations.load();
    locations.retain(new Set(['other']));
    for (let i = 0; i < 50 && (await readLocationStates(db)).size > 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect((await readLocationStates(db)).size).toBe(0);
  });

  it('leaves a result for a monitor held elsewhere to its holder, which weighs it at its next turn, once', async () => {
    const { db } = store();
    const clock = { now: () => T0 };
    const holder = results(db, clock, true);
    const taker = results(db, clock, false);
    await holder.locations.catchUp(); // the first look only marks where to read from
    clock.now = () => T0 + 500;
    taker.locations.accept(result(T0 + 400, 'east', 'down'));
    taker.locations.accept(result(T0 + 450, 'west', 'down'));
    await taker.locations.settled();
    // Stored, with the quorum (2 of 3) as the taker sees it, and judged by nobody there.
    expect(taker.decided).toEqual([]);
    expect(taker.unjudged.map((r) => [r.location, r.result.status])).toEqual([
      ['east', 'unknown'],
      ['west', 'down'],
    ]);
    clock.now = () => T0 + 1500;
    await holder.locations.catchUp();
    expect(holder.decided.map((r) => [r.location, r.at, r.result.status])).toEqual([
      ['east', T0 + 400, 'unknown'],
      ['west', T0 + 450, 'down'],
    ]);
    expect(holder.decided.at(-1)?.result.message).toBe(
      'down from east (connect timed out after 5 s), west (connect timed out after 5 s); unknown from local (no result yet)',
    );
    // Read again within the margin: nothing new, nothing weighed twice.
    clock.now = () => T0 + 2500;
    await holder.locations.catchUp();
    expect(holder.decided).toHaveLength(2);
  });

  it('starts a monitor newly held from the locations the others stored', async () => {
    const { db } = store();
    const clock = { now: () => T0 + 500 };
    const taker = results(db, clock, false);
    taker.locations.accept(result(T0, 'east', 'down'));
    await taker.locations.settled();
    const holder = results(db, clock, true);
    await holder.locations.takeOver(['web']);
    expect(holder.locations.views('web')?.find((v) => v.location === 'east')).toMatchObject({ status: 'down', stale: false });
    expect(holder.decided).toEqual([]);
  });
});

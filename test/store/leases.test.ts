import { expect, it } from 'vitest';
import { planLeaseTurn } from '../../src/core/cluster/lease-turn.js';
import { claimLeases, listLeases, releaseLeases, renewLeases } from '../../src/store/leases.js';
import type { Db } from '../../src/store/schema.js';
import { describeStore } from './dialects.js';

const TTL = 15_000;
const ids = (n: number) => Array.from({ length: n }, (_, i) => `m${String(i).padStart(5, '0')}`);

/** One instance's lease turn as the runtime takes it: renew, hand back, claim. Returns what it holds. */
async function turn(db: Db, holder: string, now: number, monitors: string[], liveInstances: number): Promise<string[]> {
  const terms = { holder, now, ttlMs: TTL };
  const held = await renewLeases(db, terms);
  const plan = planLeaseTurn({ holder, monitors, held, liveInstances });
  await releaseLeases(db, holder, plan.release);
  const got = await claimLeases(db, terms, plan.claimOrder, plan.claimLimit);
  const released = new Set(plan.release);
  return [...held.filter((id) => !released.has(id)), ...got].sort();
}

async function holders(db: Db, now: number): Promise<Map<string, string[]>> {
  const byHolder = new Map<string, string[]>();
  for (const lease of await listLeases(db)) {
    if (lease.expiresAt <= now) continue;
    byHolder.set(lease.holder, [...(byHolder.get(lease.holder) ?? []), lease.monitorId]);
  }
  return byHolder;
}

describeStore('monitor leases', (store) => {
  it('lets one instance hold each monitor: a second gets nothing while the first renews', async () => {
    const db = store().db;
    await db.withTables<{ monitor_leases: { monitor_id: string } }>().deleteFrom('monitor_leases').execute();
    const monitors = ids(10);
    expect(await turn(db, 'a', 0, monitors, 1)).toEqual(monitors);
    expect(await turn(db, 'b', 5_000, monitors, 1)).toEqual([]);
    expect(await turn(db, 'a', 10_000, monitors, 1)).toEqual(monitors);
    expect(await turn(db, 'b', 20_000, monitors, 1)).toEqual([]);
  });

  it('hands a dead instance’s monitors to a survivor once its leases lapse, and never extends a lapsed lease', async () => {
    const db = store().db;
    await db.withTables<{ monitor_leases: { monitor_id: string } }>().deleteFrom('monitor_leases').execute();
    const monitors = ids(12);
    await turn(db, 'a', 0, monitors, 2);
    await turn(db, 'b', 0, monitors, 2);
    expect([...(await holders(db, 0)).values()].map((h) => h.length)).toEqual([6, 6]);
    // b stops renewing at 0 (SIGKILL): until 15 s a keeps its six, then it takes all twelve.
    expect(await turn(db, 'a', 10_000, monitors, 2)).toHaveLength(6);
    expect(await turn(db, 'a', 15_000, monitors, 1)).toEqual(monitors);
    // b comes back late: what it held is gone, and renewing does not take it back.
    expect(await renewLeases(db, { holder: 'b', now: 16_000, ttlMs: TTL })).toEqual([]);
    expect((await holders(db, 16_000)).get('a')).toEqual(monitors);
  });

  it('gives each monitor to exactly one of two instances claiming at the same instant', async () => {
    const db = store().db;
    await db.withTables<{ monitor_leases: { monitor_id: string } }>().deleteFrom('monitor_leases').execute();
    const monitors = ids(3_000);
    const terms = (holder: string) => ({ holder, now: 0, ttlMs: TTL });
    const [a, b] = await Promise.all([claimLeases(db, terms('a'), monitors, 3_000), claimLeases(db, terms('b'), [...monitors].reverse(), 3_000)]);
    expect(a.filter((id) => b.includes(id))).toEqual([]);
    expect([...a, ...b].sort()).toEqual(monitors);
  });

  it('evens out three instances within two turns of each (none over its share), every monitor held once', async () => {
    const db = store().db;
    await db.withTables<{ monitor_leases: { monitor_id: string } }>().deleteFrom('monitor_leases').execute();
    const monitors = ids(100);
    await turn(db, 'a', 0, monitors, 1);
    // b and c join: a hands back what is over its share, they claim it.
    for (let round = 1; round <= 2; round++) {
      for (const holder of ['a', 'b', 'c']) await turn(db, holder, round * 1_000, monitors, 3);
    }
    const byHolder = await holders(db, 2_000);
    // Nobody over the share (34), so the last to claim gets the rest.
    expect([...byHolder.values()].map((h) => h.length).sort()).toEqual([32, 34, 34]);
    expect([...byHolder.values()].flat().sort()).toEqual(monitors);
  });

  it('releases a removed monitor at once', async () => {
    const db = store().db;
    await db.withTables<{ monitor_leases: { monitor_id: string } }>().deleteFrom('monitor_leases').execute();
    await turn(db, 'a', 0, ['x', 'y'], 1);
    expect(await turn(db, 'a', 1_000, ['x'], 1)).toEqual(['x']);
    expect((await listLeases(db)).map((l) => l.monitorId)).toEqual(['x']);
  });
});

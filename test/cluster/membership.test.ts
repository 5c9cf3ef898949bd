/**
 * ClusterMembership on a real store (SQLite and PostgreSQL): shares, hands back to a newcomer,
 * takes over from an instance that stopped renewing, keeps one holder of each duty, and stops checking
 * when it cannot renew. Time is a clock the test moves; turns are called directly.
 */
import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { ClusterMembership, HOUSEKEEPING_JOB } from '../../src/engine/cluster.js';
import { clusterInstances } from '../../src/store/cluster.js';
import { recordBeat, registerInstance } from '../../src/store/instances.js';
import { listLeases } from '../../src/store/leases.js';
import { acquireRunnerLock, type RunnerLock } from '../../src/store/runner-lock.js';
import type { Db } from '../../src/store/schema.js';
import { describeStore } from '../store/dialects.js';

const TTL = 6_000;
const EVERY = 2_000;
const logger = pino({ level: 'silent' });
const monitors = Array.from({ length: 30 }, (_, i) => `m${String(i).padStart(2, '0')}`);

function member(db: Db, name: string, clock: { now(): number }, held: Array<ReadonlySet<string>>, ids: () => readonly string[] = () => monitors) {
  return new ClusterMembership({
    db,
    clock,
    logger,
    name,
    leaseTtlMs: TTL,
    renewEveryMs: EVERY,
    monitors: ids,
    onHeld: async (set) => void held.push(new Set(set)),
  });
}

async function beat(db: Db, name: string, at: number, fresh = false): Promise<void> {
  if (fresh)
    await registerInstance(db, {
      name,
      pid: 1,
      host: 'h',
      version: 'test',
      startedAt: at,
      heartbeatAt: at,
      stoppedAt: null,
      checksCompleted: 0,
      monitorsScheduled: 0,
      lastResultAt: null,
      health: [],
    });
  else await recordBeat(db, name, { heartbeatAt: at, checksCompleted: 0, monitorsScheduled: 0, lastResultAt: null, health: [] });
}

describe('cluster membership', () => {
  describeStore('leases', (store) => {
    it('shares evenly, hands back to a newcomer, and takes over from a dead instance within lease_ttl', async () => {
      const db = store().db;
      let now = 1_000_000;
      const clock = { now: () => now };
      const heldA: Array<ReadonlySet<string>> = [];
      const heldB: Array<ReadonlySet<string>> = [];
      const a = member(db, 'a', clock, heldA);
      const b = member(db, 'b', clock, heldB);
      await beat(db, 'a', now, true);
      await a.turn();
      expect(a.heldIds().size).toBe(30);
      expect(a.leads()).toBe(true);
      expect(a.view().duties.sort()).toEqual(['backups', 'housekeeping']);

      await beat(db, 'b', now, true);
      await b.turn();
      // Nothing is free yet: a holds everything until its next turn hands half back.
      expect(b.heldIds().size).toBe(0);
      now += EVERY;
      await beat(db, 'a', now);
      await beat(db, 'b', now);
      await a.turn();
      expect(a.heldIds().size).toBe(15);
      await b.turn();
      expect(b.heldIds().size).toBe(15);
      expect([...a.heldIds()].filter((id) => b.heldIds().has(id))).toEqual([]);
      // The duties spread too (rendezvous on the names): a hands backups back, b claims it.
      expect(a.view().duties).toEqual(['housekeeping']);
      expect(b.leads()).toBe(false);
      expect(b.holdsDuty('backups')).toBe(true);
      expect(heldB.at(-1)?.size).toBe(15);
      const listed = await clusterInstances(db, now, TTL);
      expect(listed.map((i) => [i.name, i.live, i.monitorsHeld, i.jobs])).toEqual([
        ['a', true, 15, ['housekeeping']],
        ['b', true, 15, ['backups']],
      ]);

      // a dies: it neither beats nor renews. b's turns within the written lease take nothing.
      const diedAt = now;
      now += EVERY;
      await beat(db, 'b', now);
      await b.turn();
      expect(b.heldIds().size).toBe(15);
      // Past the written lease (lease_ttl − renew_every), b's next turn has them all: within lease_ttl of a's last renewal.
      now = diedAt + TTL - EVERY;
      await beat(db, 'b', now);
      await b.turn();
      expect(b.heldIds().size).toBe(30);
      expect(b.leads()).toBe(true);
      expect(b.holdsDuty('backups')).toBe(true);
      expect(now - diedAt).toBeLessThanOrEqual(TTL);
      expect((await listLeases(db)).filter((l) => l.expiresAt > now && l.holder === 'a')).toEqual([]);
    });

    it('stops claiming its monitors and duties once its lease has lapsed by its own clock, before its late turn comes', async () => {
      const db = store().db;
      let now = 7_000_000;
      const clock = { now: () => now };
      const a = member(db, 'a', clock, []);
      await beat(db, 'a', now, true);
      await a.turn();
      expect(a.holds('m00')).toBe(true);
      expect(a.holdsDuty('housekeeping')).toBe(true);
      // A starved machine: a's next turn is late. Until its written lease lapses a still holds; from then on
      // another instance may have claimed the monitors, so a must not judge them while it waits for its turn.
      now += a.writtenTtl - 1;
      expect(a.holds('m00')).toBe(true);
      now += 1;
      expect(a.holds('m00')).toBe(false);
      expect(a.holdsDuty('housekeeping')).toBe(false);
      expect(a.leaseValid()).toBe(false);
      // The late turn renews what nobody took: a holds again.
      await a.turn();
      expect(a.holds('m00')).toBe(true);
      await a.stop();
    });

    it('stops checking when it cannot renew past its lease, and hands everything back on a clean stop', async () => {
      const db = store().db;
      let now = 5_000_000;
      const clock = { now: () => now };
      const held: Array<ReadonlySet<string>> = [];
      let ids: () => readonly string[] = () => monitors;
      const c = member(db, 'c', clock, held, () => ids());
      await beat(db, 'c', now, true);
      await c.turn();
      expect(c.heldIds().size).toBe(30);
      // A turn fails before renewing (the monitor list throws, standing in for a store that refuses): within the lease, c keeps what it has.
      ids = () => {
        throw new Error('store unreachable');
      };
      now += EVERY;
      await c.turn();
      expect(c.heldIds().size).toBe(30);
      expect(c.view().lastError).toBe('store unreachable');
      now += TTL;
      await c.turn();
      expect(c.heldIds().size).toBe(0);
      expect(held.at(-1)?.size).toBe(0);
      ids = () => monitors;
      now += EVERY;
      await c.turn();
      expect(c.heldIds().size).toBe(30);
      await c.stop();
      expect((await listLeases(db)).filter((l) => l.holder === 'c')).toEqual([]);
      expect((await listLeases(db)).some((l) => l.monitorId === HOUSEKEEPING_JOB || l.monitorId === '~backups')).toBe(false);
    });
  });
});

describe('the runner lock in cluster mode', () => {
  const holder = { pid: process.pid, host: 'test' };

  it('refuses cluster mode on SQLite, naming PostgreSQL', async () => {
    await expect(acquireRunnerLock('sqlite::memory:', holder, logger, { shared: true })).rejects.toThrow(/cluster\.enabled needs a PostgreSQL database/);
  });

  describe.skipIf(!process.env.TOCSIN_TEST_POSTGRES_URL)('on PostgreSQL', () => {
    it('lets cluster instances share it, and refuses a single runner beside them (and them beside it)', async () => {
      // The lock is keyed by schema name; the schema itself need not exist.
      const schemaUrl = new URL(process.env.TOCSIN_TEST_POSTGRES_URL!);
      schemaUrl.searchParams.set('schema', `tocsin_lock_${randomBytes(5).toString('hex')}`);
      const url = schemaUrl.toString();
      const locks: RunnerLock[] = [];
      try {
        locks.push(await acquireRunnerLock(url, holder, logger, { shared: true }));
        locks.push(await acquireRunnerLock(url, holder, logger, { shared: true }));
        await expect(acquireRunnerLock(url, holder, logger)).rejects.toThrow(/another tocsin is already running/);
        for (const lock of locks.splice(0)) await lock.release();
        locks.push(await acquireRunnerLock(url, holder, logger));
        await expect(acquireRunnerLock(url, holder, logger, { shared: true })).rejects.toThrow(/another tocsin is already running/);
      } finally {
        for (const lock of locks) await lock.release();
      }
    }, 30_000);
  });
});

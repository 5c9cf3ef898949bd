/**
 * Large result batches of a SQLite file are written on a worker thread over a second connection
 * (src/services/result-store-worker.ts): what lands must be what the engine's own connection would
 * have written, the engine's transactions must keep working beside it, and a failed write must come
 * back as its error with the next one working. The worker exists only as compiled code: this file
 * runs dist/ (`npm test` builds first; in a dev loop, run `npx tsc -p tsconfig.build.json`).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { notification } from '../../src/channels/testing/fixtures.js';
import { initialState } from '../../src/core/alert/index.js';
import type { WriteBatch } from '../../src/engine/result-writer.js';
import { persistBatch } from '../../src/services/record-results.js';
import { listAlertStates } from '../../src/store/alert-state.js';
import { migrate } from '../../src/store/migrate.js';
import type { Store } from '../../src/store/open.js';
import { listOutbox, outboxId } from '../../src/store/outbox.js';
import { recentResults } from '../../src/store/results.js';
import { listStates } from '../../src/store/state.js';
import { inTransaction } from '../../src/store/tx.js';
import { sqliteStore } from './dialects.js';

const entry = new URL('../../dist/services/result-store-worker.js', import.meta.url);
const built = existsSync(fileURLToPath(entry));
type Module = typeof import('../../src/services/result-store-worker.js');
const load = async () => (await import(entry.href)) as Module;

const T0 = Date.UTC(2026, 11, 6, 8);

/** `size` monitors' results at `at`; every seventh down (words kept), one notification, alert states for all. */
function batch(size: number, at: number): WriteBatch {
  const ids = Array.from({ length: size }, (_, i) => `m${i}`);
  const status = (i: number) => (i % 7 === 0 ? ('down' as const) : ('up' as const));
  const id = outboxId(at);
  return {
    results: ids.map((monitorId, i) => ({
      monitorId,
      at: at + i,
      result: { status: status(i), latencyMs: 3 + i, message: status(i) === 'down' ? `HTTP 503 in ${i} ms` : `HTTP 200 in ${i} ms`, timings: { total: 3 } },
      missed: 0,
    })),
    states: ids.map((monitorId, i) => ({
      monitorId,
      status: status(i),
      since: T0,
      lastAt: at + i,
      lastStatus: status(i),
      lastMessage: `HTTP ${status(i) === 'down' ? 503 : 200}`,
      lastLatencyMs: 3 + i,
      confirming: null,
    })),
    alerts: ids.map((monitorId, i) => ({ monitorId, state: { ...initialState(), status: status(i), since: T0 }, updatedAt: at })),
    notifications: [
      {
        id,
        dedupKey: `${at}:monitor.down:0`,
        channel: 'ops',
        monitorId: 'm0',
        notification: notification('monitor.down', { id, monitor: { id: 'm0', name: 'm0', type: 'http', target: 'x' } }),
        createdAt: at,
      },
    ],
    acks: [],
    audit: [],
  };
}

/** Everything the batches wrote, as the store's own readers give it back. */
async function contents(store: Store) {
  const results = await Promise.all(['m0', 'm1', 'm149'].map((id) => recentResults(store.db, id, { limit: 10 })));
  return {
    results,
    states: (await listStates(store.db)).map(({ updatedAt: _written, ...state }) => state),
    alerts: await listAlertStates(store.db),
    outbox: (await listOutbox(store.db)).map((r) => r.id),
  };
}

const opened: Array<{ store: Store; cleanup: () => Promise<void> }> = [];
async function fresh(): Promise<Store> {
  const one = await sqliteStore();
  opened.push(one);
  await migrate(one.store.db);
  return one.store;
}
afterEach(async () => {
  for (const { store, cleanup } of opened.splice(0)) {
    await store.close();
    await cleanup();
  }
});

describe('results written on a worker thread', () => {
  it('is built', () => expect(built, 'dist/ is missing: run `npx tsc -p tsconfig.build.json` first (npm test does)').toBe(true));

  it.runIf(built)('lands as the engine connection would write it, while that connection reads and writes in transactions of its own', async () => {
    const { resultStoreWorkerFor, ON_THREAD_FROM } = await load();
    const [onThread, inThread] = [await fresh(), await fresh()];
    const local = persistBatch(inThread.db);
    let smallBatches = 0;
    const worker = resultStoreWorkerFor(`sqlite:${onThread.location}`, async (b) => {
      smallBatches += 1;
      await persistBatch(onThread.db)(b);
    })!;
    expect(worker).toBeDefined();
    try {
      let engineTransactions = 0;
      let writing = true;
      // The engine's own connection meanwhile: transactions that read first and then write, which a
      // deferred transaction would fail with SQLITE_BUSY_SNAPSHOT once the thread has committed.
      const engine = (async () => {
        while (writing) {
          await inTransaction(onThread.db, async (trx) => {
            const { rows } = await sql<{ n: number }>`select count(*) as n from results`.execute(trx);
            await new Promise((resolve) => setTimeout(resolve, 2));
            await sql`insert or replace into meta (key, value) values ('probe', ${String(rows[0]!.n)})`.execute(trx);
          });
          engineTransactions += 1;
          // The engine's sliced work turns the event loop between its transactions.
          await new Promise((resolve) => setTimeout(resolve, 3));
        }
      })();
      for (let round = 0; round < 20; round++) {
        const b = batch(round % 5 === 4 ? ON_THREAD_FROM - 1 : 150, T0 + round * 60_000);
        await worker.persist(b);
        await local(b);
      }
      writing = false;
      await engine;
      expect(smallBatches).toBe(4);
      expect(engineTransactions).toBeGreaterThan(0);
      const [a, b] = [await contents(onThread), await contents(inThread)];
      expect(a.results[0]).toHaveLength(10);
      expect(a).toEqual(b);
    } finally {
      await worker.close();
    }
  });

  it.runIf(built)('writes a batch it cannot hand to the thread on the engine connection instead of refusing it at every retry', async () => {
    const { resultStoreWorkerFor } = await load();
    const store = await fresh();
    let inThread = 0;
    const worker = resultStoreWorkerFor(`sqlite:${store.location}`, async (b) => {
      inThread += 1;
      await persistBatch(store.db)(b);
    })!;
    try {
      const b = batch(150, T0);
      // Not cloneable: a function where a check's figures go.
      (b.results[1]!.result as { metrics?: unknown }).metrics = { rtt: () => 1 };
      await worker.persist(b);
      expect(inThread).toBe(1);
      expect((await recentResults(store.db, 'm1', { limit: 10 })).map((r) => r.at)).toEqual([T0 + 1]);
    } finally {
      await worker.close();
    }
  });

  it.runIf(built)('returns a failed write as its error, and writes the next batch', async () => {
    const { resultStoreWorkerFor } = await load();
    const store = await fresh();
    const worker = resultStoreWorkerFor(`sqlite:${store.location}`, persistBatch(store.db))!;
    try {
      await worker.persist(batch(150, T0));
      await sql`alter table monitor_state rename to monitor_state_away`.execute(store.db);
      await expect(worker.persist(batch(150, T0 + 60_000))).rejects.toThrow(/monitor_state/);
      await sql`alter table monitor_state_away rename to monitor_state`.execute(store.db);
      await worker.persist(batch(150, T0 + 120_000));
      expect((await listStates(store.db)).find((s) => s.monitorId === 'm1')?.lastAt).toBe(T0 + 120_000 + 1);
      // The failed batch wrote nothing: its results went with its states (one transaction).
      expect((await recentResults(store.db, 'm1', { limit: 10 })).map((r) => r.at)).toEqual([T0 + 120_000 + 1, T0 + 1]);
    } finally {
      await worker.close();
    }
  });
});

/** Two workers, each with its own connection to one store, as two tocsin instances would be. */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../../src/channels/testing/receiver.js';
import { migrate } from '../../src/store/migrate.js';
import { openStore, type Store } from '../../src/store/open.js';
import { listOutbox } from '../../src/store/outbox.js';
import { postgresUrl } from '../store/dialects.js';
import { bodyOf, enqueue, entry, until, webhook, worker } from './harness.js';

async function sharedStores(dialect: 'sqlite' | 'postgres'): Promise<{ stores: Store[]; cleanup: () => Promise<void> }> {
  if (dialect === 'sqlite') {
    const dir = await mkdtemp(join(tmpdir(), 'tocsin-outbox-'));
    const url = `sqlite:${join(dir, 'tocsin.db')}`;
    const stores = [await openStore(url), await openStore(url)];
    return { stores, cleanup: () => rm(dir, { recursive: true, force: true }) };
  }
  const schema = `tocsin_test_${randomBytes(6).toString('hex')}`;
  const admin = async (text: string) => {
    const client = new pg.Client({ connectionString: postgresUrl });
    await client.connect();
    await client.query(text).finally(() => client.end());
  };
  await admin(`create schema ${schema}`);
  const url = new URL(postgresUrl ?? '');
  url.searchParams.set('schema', schema);
  const stores = [await openStore(url.toString()), await openStore(url.toString())];
  return { stores, cleanup: () => admin(`drop schema ${schema} cascade`) };
}

for (const dialect of ['sqlite', 'postgres'] as const) {
  describe.skipIf(dialect === 'postgres' && !postgresUrl)(`two delivery workers on one store (${dialect})`, () => {
    let receiver: Receiver | undefined;
    let done = async () => {};
    afterEach(() => done());

    it('deliver each notification exactly once between them', async () => {
      const { stores, cleanup } = await sharedStores(dialect);
      const [a, b] = stores as [Store, Store];
      await migrate(a.db);
      receiver = await startReceiver(() => ({ status: 200 }));
      const channels = { ops: webhook(receiver.url) };
      const workers = [worker(a.db, channels, { concurrency: 4 }), worker(b.db, channels, { concurrency: 4 })];
      done = async () => {
        for (const w of workers) await w.stop();
        await receiver?.close();
        for (const s of stores) await s.close();
        await cleanup();
      };
      const now = Date.now();
      const rows = Array.from({ length: 120 }, (_, i) => entry('ops', `m${i}`, 'monitor.down', now + i));
      await enqueue(a.db, rows);
      for (const w of workers) w.start();
      await until(async () => (await listOutbox(a.db)).every((r) => r.deliveredAt !== null), 20_000);
      const ids = receiver.requests.map((q) => bodyOf(q).id);
      expect(ids).toHaveLength(rows.length);
      expect(new Set(ids).size).toBe(rows.length);
      expect(workers.map((w) => w.stats().delivered).every((n) => n > 0)).toBe(true);
    });
  });
}

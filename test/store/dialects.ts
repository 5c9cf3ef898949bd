/**
 * The store's contract suite runs once per dialect: SQLite on a temp file, and PostgreSQL in a fresh
 * random schema per suite when TOCSIN_TEST_POSTGRES_URL names a server.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe } from 'vitest';
import { migrate } from '../../src/store/migrate.js';
import { openStore, type Store } from '../../src/store/open.js';

export type DialectName = Store['dialect'];

const postgresUrl = process.env.TOCSIN_TEST_POSTGRES_URL;
if (!postgresUrl) console.log('PostgreSQL store tests skipped: set TOCSIN_TEST_POSTGRES_URL');

const TABLES = ['results', 'minute_rollups', 'monitor_keys', 'monitor_state', 'rollups', 'hourly_rollups', 'monitors', 'meta'] as const;

/** Declares `body` once per dialect; each gets a migrated store, emptied before every test. */
export function describeStore(title: string, body: (store: () => Store, dialect: DialectName) => void): void {
  for (const dialect of ['sqlite', 'postgres'] as const) {
    describe.skipIf(dialect === 'postgres' && !postgresUrl)(`${title} (${dialect})`, () => {
      let store: Store | undefined;
      let cleanup = async () => {};
      beforeAll(async () => {
        const opened = dialect === 'sqlite' ? await sqliteStore() : await postgresStore(postgresUrl ?? '');
        store = opened.store;
        cleanup = opened.cleanup;
        await migrate(store.db);
      });
      afterAll(async () => {
        await store?.close();
        await cleanup();
      });
      beforeEach(async () => {
        for (const table of TABLES) await current().db.deleteFrom(table).execute();
      });
      const current = () => {
        if (!store) throw new Error('store not opened yet: use it inside a test or hook');
        return store;
      };
      body(current, dialect);
    });
  }
}

export async function sqliteStore(): Promise<{ store: Store; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'tocsin-store-'));
  const store = await openStore(`sqlite:${join(dir, 'tocsin.db')}`);
  return { store, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** A schema of its own, so suites running in parallel never see each other's rows. */
export async function postgresStore(baseUrl: string): Promise<{ store: Store; cleanup: () => Promise<void> }> {
  const schema = `tocsin_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(baseUrl, `create schema ${schema}`);
  const url = new URL(baseUrl);
  url.searchParams.set('schema', schema);
  const store = await openStore(url.toString());
  return { store, cleanup: () => adminQuery(baseUrl, `drop schema ${schema} cascade`) };
}

async function adminQuery(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

export { postgresUrl };

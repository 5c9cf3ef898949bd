/**
 * The dialects every heartbeat store test runs on: SQLite in memory, and PostgreSQL in a schema of
 * its own (TOCSIN_TEST_POSTGRES_URL, default the local test database) dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import type { Migration } from 'kysely';
import pg from 'pg';
import { migrate } from '../../src/store/migrate.js';
import { migrations } from '../../src/store/migrations/index.js';
import { openStore, type Store } from '../../src/store/open.js';

export const POSTGRES_URL = process.env.TOCSIN_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestStore {
  store: Store;
  drop(): Promise<void>;
}

export const DIALECTS = ['sqlite', 'postgres'] as const;

/** Migrated with `list`: every migration unless a test wants a store as an older tocsin left it. */
export async function openTestStore(dialect: (typeof DIALECTS)[number], prefix: string, list: Record<string, Migration> = migrations): Promise<TestStore> {
  if (dialect === 'sqlite') {
    const store = await openStore('sqlite::memory:');
    await migrate(store.db, list);
    return { store, drop: () => store.close() };
  }
  const schema = `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  try {
    await admin.query(`create schema ${schema}`);
  } finally {
    await admin.end();
  }
  const store = await openStore(`${POSTGRES_URL}?schema=${schema}`);
  await migrate(store.db, list);
  return {
    store,
    async drop() {
      await store.close();
      const client = new pg.Client({ connectionString: POSTGRES_URL });
      await client.connect();
      try {
        await client.query(`drop schema ${schema} cascade`);
      } finally {
        await client.end();
      }
    },
  };
}

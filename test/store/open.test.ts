import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../src/store/migrate.js';
import { openStore } from '../../src/store/open.js';
import { postgresStore, postgresUrl } from './dialects.js';

describe('openStore on SQLite', () => {
  it('creates the parent directory and sets WAL, NORMAL sync, a busy timeout and foreign keys', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tocsin-open-'));
    try {
      const store = await openStore(`sqlite:${join(dir, 'nested', 'deeper', 'tocsin.db')}`);
      const pragma = async (name: string) => Object.values((await sql.raw<Record<string, unknown>>(`pragma ${name}`).execute(store.db)).rows[0] ?? {})[0];
      expect(await pragma('journal_mode')).toBe('wal');
      expect(await pragma('synchronous')).toBe(1);
      expect(await pragma('busy_timeout')).toBe(5000);
      expect(await pragma('foreign_keys')).toBe(1);
      expect(store.dialect).toBe('sqlite');
      await store.close();
      expect((await stat(join(dir, 'nested', 'deeper', 'tocsin.db'))).isFile()).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('opens an in-memory database for sqlite::memory:', async () => {
    const store = await openStore('sqlite::memory:');
    const { rows } = await sql<{ one: number }>`select 1 as one`.execute(store.db);
    expect(rows).toEqual([{ one: 1 }]);
    await store.close();
  });
});

async function rejection(promise: Promise<unknown>): Promise<Error> {
  const outcome = await promise.then(
    () => new Error('expected a rejection, got a store'),
    (error: unknown) => error,
  );
  if (!(outcome instanceof Error)) throw new Error(`expected an Error, got ${String(outcome)}`);
  return outcome;
}

describe('openStore errors', () => {
  it('names the accepted forms for an unknown scheme, without the password', async () => {
    const error = await rejection(openStore('mysql://root:hunter2@db/tocsin'));
    expect(error.message).toContain('sqlite:<path>');
    expect(error.message).toContain('postgres://');
    expect(error.message).toContain('mysql://root:***@db/tocsin');
    expect(error.message).not.toContain('hunter2');
  });

  it('reports a PostgreSQL server that refuses connections, without the password', async () => {
    // A port that was free a moment ago: nothing listens there now.
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const error = await rejection(openStore(`postgres://tocsin:s3cret@127.0.0.1:${port}/tocsin`));
    expect(error.message).toContain(`Cannot connect to postgres://tocsin:***@127.0.0.1:${port}/tocsin`);
    expect(error.message).not.toContain('s3cret');
  });
});

describe.skipIf(!postgresUrl)('openStore on PostgreSQL', () => {
  it('returns bigint columns as numbers and honours ?schema=', async () => {
    const { store, cleanup } = await postgresStore(postgresUrl ?? '');
    try {
      const { rows } = await sql<{ big: unknown; schema: string }>`
        select cast(1700000000000 as bigint) as big, current_schema() as schema`.execute(store.db);
      expect(rows[0]?.big).toBe(1_700_000_000_000);
      expect(rows[0]?.schema).toMatch(/^tocsin_test_/);
      expect(store.dialect).toBe('postgres');
    } finally {
      await store.close();
      await cleanup();
    }
  });

  it('refuses to migrate into a schema that does not exist, and says so', async () => {
    const url = new URL(postgresUrl ?? '');
    url.searchParams.set('schema', 'tocsin_missing_schema');
    const store = await openStore(url.toString());
    try {
      await expect(migrate(store.db)).rejects.toThrow(/no schema of the search_path \(tocsin_missing_schema\) exists/);
    } finally {
      await store.close();
    }
  });
});

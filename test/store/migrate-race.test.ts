/**
 * Another session's DDL in another schema while migrations start (PostgreSQL): Kysely's Migrator
 * lists every table of the database before it takes its lock, and the listing's per-column lookup
 * fails when a table or column it saw is dropped or renamed meanwhile. Made deterministic: the other
 * session keeps pg_description locked with its DDL, so the listing (col_description comes before
 * pg_get_serial_sequence in each row) waits after taking its snapshot, and the DDL commits under it.
 * The lock lasts only until the listing waits. Needs TOCSIN_TEST_POSTGRES_URL (a superuser).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate } from '../../src/store/migrate.js';
import { migrations } from '../../src/store/migrations/index.js';
import { openStore } from '../../src/store/open.js';
import { postgresUrl } from './dialects.js';

const schemas: string[] = [];

async function connect(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  return client;
}

afterAll(async () => {
  const admin = await connect();
  for (const name of schemas) await admin.query(`drop schema if exists ${name} cascade`);
  await admin.end();
});

/** Starts migrations on an empty schema while `ddl` on another schema's table commits under the listing. */
async function migrateDuring(ddl: (table: string) => string): Promise<string[]> {
  const [mine, other] = ['mine', 'other'].map((kind) => `tocsin_race_${kind}_${randomBytes(5).toString('hex')}`) as [string, string];
  schemas.push(mine, other);
  const admin = await connect();
  const session = await connect();
  const url = new URL(postgresUrl!);
  url.searchParams.set('schema', mine);
  try {
    await admin.query(`create schema ${mine}; create schema ${other}; create table ${other}.t (a integer)`);
    await session.query('begin');
    await session.query(ddl(`${other}.t`));
    await session.query('lock table pg_catalog.pg_description in access exclusive mode');
    const store = await openStore(url.toString());
    try {
      const applied = migrate(store.db);
      applied.catch(() => undefined);
      await untilWaitingOnLock(admin, 'pg_catalog.pg_description');
      await session.query('commit');
      return await applied;
    } finally {
      await store.close();
    }
  } finally {
    await session.end();
    await admin.end();
  }
}

/** Until a session waits for a lock on `table`: the listing has its snapshot. */
async function untilWaitingOnLock(admin: pg.Client, table: string): Promise<void> {
  for (let tries = 0; tries < 1000; tries++) {
    const { rows } = await admin.query(`select 1 from pg_locks where not granted and relation = $1::regclass`, [table]);
    if (rows.length > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`nobody waited on ${table} within 10 s`);
}

describe.skipIf(!postgresUrl)('migrations starting beside DDL in another schema (postgres)', () => {
  it('start anyway when a column the listing saw is renamed (42703)', async () => {
    expect(await migrateDuring((t) => `alter table ${t} rename column a to b`)).toEqual(Object.keys(migrations));
  }, 60_000);

  it('start anyway when a table the listing saw is dropped (42P01)', async () => {
    expect(await migrateDuring((t) => `drop table ${t}`)).toEqual(Object.keys(migrations));
  }, 60_000);

  it('start anyway when a schema the listing saw is dropped (3F000)', async () => {
    expect(await migrateDuring((t) => `drop schema ${t.split('.')[0]} cascade`)).toEqual(Object.keys(migrations));
  }, 60_000);
});

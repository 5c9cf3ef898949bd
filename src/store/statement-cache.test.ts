import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { withStatementCache } from './statement-cache.js';

describe('withStatementCache', () => {
  it('prepares each SQL text once while it stays among the most recent', () => {
    const database = new SqliteDatabase(':memory:');
    const cached = withStatementCache(database, 2);
    const a = cached.prepare('select 1');
    expect(cached.prepare('select 1')).toBe(a);
    const b = cached.prepare('select 2');
    expect(cached.prepare('select 1')).toBe(a); // now the most recent: 'select 2' goes first
    cached.prepare('select 3');
    expect(cached.prepare('select 1')).toBe(a);
    expect(cached.prepare('select 2')).not.toBe(b);
    cached.close();
    expect(database.open).toBe(false);
  });

  it('answers rightly through kysely after the schema changes under a cached statement', async () => {
    const db = new Kysely<Record<string, Record<string, unknown>>>({
      dialect: new SqliteDialect({ database: withStatementCache(new SqliteDatabase(':memory:')) }),
    });
    await sql`create table t (a integer)`.execute(db);
    await db.insertInto('t').values({ a: 1 }).execute();
    expect(await db.selectFrom('t').selectAll().execute()).toEqual([{ a: 1 }]);
    await sql`alter table t add column b text default 'x'`.execute(db);
    await db.insertInto('t').values({ a: 2 }).execute();
    expect(await db.selectFrom('t').selectAll().execute()).toEqual([
      { a: 1, b: 'x' },
      { a: 2, b: 'x' },
    ]);
    await db.destroy();
  });

  it('leaves a statement that failed usable, and a text that does not parse uncached', async () => {
    const db = new Kysely<Record<string, Record<string, unknown>>>({
      dialect: new SqliteDialect({ database: withStatementCache(new SqliteDatabase(':memory:')) }),
    });
    await sql`create table u (a integer primary key)`.execute(db);
    await db.insertInto('u').values({ a: 1 }).execute();
    await expect(db.insertInto('u').values({ a: 1 }).execute()).rejects.toThrow(/UNIQUE/);
    await db.insertInto('u').values({ a: 2 }).execute();
    await expect(sql`selec 1`.execute(db)).rejects.toThrow(/syntax/);
    await expect(sql`selec 1`.execute(db)).rejects.toThrow(/syntax/);
    expect((await db.selectFrom('u').select('a').execute()).map((r) => r.a)).toEqual([1, 2]);
    await db.destroy();
  });
});

describe('withStatementCache, long texts', () => {
  it('prepares a long text afresh each time: its program is not kept', () => {
    const database = new SqliteDatabase(':memory:');
    const cached = withStatementCache(database);
    const long = `select ${Array.from({ length: 500 }, (_, i) => i).join(', ')}`;
    expect(long.length).toBeGreaterThan(500);
    expect(cached.prepare(long)).not.toBe(cached.prepare(long));
    cached.close();
  });
});

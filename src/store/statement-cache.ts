/**
 * better-sqlite3 parses and plans a statement on every `prepare`, and kysely's SQLite driver calls it
 * for every query: at 1,000 checks a second that was 2.4 % of the engine's thread spent re-preparing
 * the same few inserts and updates. The dialect gets the database behind a cache of prepared
 * statements by SQL text, least recently used out first (IN lists of varying length make many texts).
 *
 * Safe because kysely runs a statement to completion at once (`all` or `run`; nothing in tocsin
 * streams a query, which would hold a statement open), and SQLite re-prepares a cached statement by
 * itself when a migration changes the schema.
 */
import type SqliteDatabase from 'better-sqlite3';

/** What kysely's SqliteDialect uses of a database. */
export interface PreparingDatabase {
  prepare(sql: string): SqliteDatabase.Statement;
  close(): void;
}

export function withStatementCache(database: SqliteDatabase.Database, size = 256): PreparingDatabase {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return {
    prepare(sql) {
      let statement = cache.get(sql);
      if (statement !== undefined) {
        // Map order is insertion order: re-inserting makes this the most recently used.
        cache.delete(sql);
      } else {
        statement = database.prepare(sql);
        if (cache.size >= size) cache.delete(cache.keys().next().value as string);
      }
      cache.set(sql, statement);
      return statement;
    },
    close() {
      cache.clear();
      database.close();
    },
  };
}

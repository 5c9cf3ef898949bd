/**
 * better-sqlite3 parses and plans a statement on every `prepare`, and kysely's SQLite driver calls it
 * for every query. The short statements run over and over (the delivery worker's polls, the
 * acknowledgement queue each second, look-ups by id) are prepared once and kept by SQL text, least
 * recently used out first. Texts over 500 characters are prepared afresh: a statement's program grows
 * with its text, and the batch writes (hundreds of rows a statement, a different row count each time)
 * kept by the hundred held 230 MiB more (measured with a loop writing 100,000 monitors' results in
 * batches of 380–460), for no CPU saved that the measurement could see.
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

/** Longer SQL texts are prepared afresh each time. */
const MAX_CACHED_TEXT = 500;

export function withStatementCache(database: SqliteDatabase.Database, size = 128): PreparingDatabase {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return {
    prepare(sql) {
      if (sql.length > MAX_CACHED_TEXT) return database.prepare(sql);
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

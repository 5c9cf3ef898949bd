/** tocsin's own store as SQL probes must see it, read once at start (src/checks/db/own-database.ts). */
import { sql } from 'kysely';
import { ownDatabaseOf, type OwnDatabase } from '../checks/db/own-database.js';
import type { Logger } from '../lib/logger.js';
import type { Db } from '../store/schema.js';

/**
 * The store's host, port and database from its URL and, for PostgreSQL, its server's system
 * identifier, so a probe reaching the same database under another name is refused too.
 */
export async function readOwnDatabase(db: Db, databaseUrl: string, logger: Logger): Promise<OwnDatabase | undefined> {
  if (!ownDatabaseOf(databaseUrl)) return undefined;
  try {
    const { rows } = await sql<{ id: string }>`select system_identifier::text as id from pg_control_system()`.execute(db);
    return ownDatabaseOf(databaseUrl, rows[0]?.id);
  } catch (error) {
    logger.warn(`cannot read the store's system identifier (${(error as Error).message}); SQL probes refuse tocsin's own database by its URL only`);
    return ownDatabaseOf(databaseUrl);
  }
}

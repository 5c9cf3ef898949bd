/**
 * tocsin's own store, which a SQL probe must never query: through "test now" an editor once made
 * themselves admin with `update users … returning` on it. A probe is refused twice over: before
 * connecting when its URL names the store's host, port and database, and once connected when the
 * server's system identifier and current_database() are the store's, so another spelling of the
 * same database (localhost for 127.0.0.1, a DNS alias, a forwarded port) is refused too.
 */
import type { Endpoint } from './probe.js';
import { splitDbUrl, type DbUrl } from './url.js';

export interface OwnDatabase {
  host: string;
  port: number;
  database: string;
  /** pg_control_system().system_identifier of the store's server, when tocsin could read it. */
  systemIdentifier?: string;
}

/** The store behind `databaseUrl` when it is PostgreSQL; SQLite is a file no SQL probe reaches. */
export function ownDatabaseOf(databaseUrl: string, systemIdentifier?: string): OwnDatabase | undefined {
  if (!/^postgres(ql)?:\/\//.test(databaseUrl)) return undefined;
  // A store reached over a Unix socket has no host: its server's identity still tells it apart.
  const url = splitDbUrl(databaseUrl, 5432);
  return { host: url.host.toLowerCase(), port: url.port, database: databaseName(url), ...(systemIdentifier && { systemIdentifier }) };
}

/** Before connecting: the probe's URL names the store as written (by name or by the address it resolved to). */
export function namesOwnDatabase(own: OwnDatabase | undefined, url: DbUrl, endpoint: Endpoint): boolean {
  if (!own || url.port !== own.port || databaseName(url) !== own.database) return false;
  return url.host.toLowerCase() === own.host || endpoint.ip === own.host;
}

/** Once connected: the server is the store's and so is the database, whatever the URL said. */
export function isOwnDatabase(own: OwnDatabase | undefined, seen: { database: string; systemIdentifier?: string | null }): boolean {
  if (!own?.systemIdentifier || !seen.systemIdentifier) return false;
  return seen.systemIdentifier === own.systemIdentifier && seen.database === own.database;
}

export function ownDatabaseRefusal(label: string): string {
  return `refused: ${label} is tocsin's own database (database.url); a probe may not read or change tocsin's store`;
}

/** libpq's rule: without a database in the URL, the database is named after the user. */
function databaseName(url: DbUrl): string {
  return url.database ?? url.user ?? '';
}

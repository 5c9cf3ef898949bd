/**
 * The SQLite file a store worker thread can open beside the engine's own connection. better-sqlite3
 * is synchronous: long store work (uptime counts, rollups and pruning) held the engine's thread for
 * seconds at 100,000 monitors, so it runs on threads of its own. PostgreSQL's queries already run off
 * the thread, and an in-memory SQLite database cannot be opened twice.
 */
import { parseStoreUrl } from '../lib/store-url.js';

/** Workers start from compiled entries: run from TypeScript sources (the tests under vitest), they do not exist. */
export const workersBuilt = import.meta.url.endsWith('.js');

export function workerSqliteFile(url: string): string | undefined {
  if (!workersBuilt) return undefined;
  const target = parseStoreUrl(url);
  return target.dialect === 'sqlite' && target.path !== ':memory:' ? target.path : undefined;
}

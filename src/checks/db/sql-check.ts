import type { Check, CheckContext } from '../types.js';
import { namesOwnDatabase, ownDatabaseRefusal } from './own-database.js';
import { locate, toResult, type Endpoint } from './probe.js';
import { judgeSql, type SqlObservation } from './sql-judge.js';
import { parseDbUrl, type DbUrl } from './url.js';

interface SqlSettings {
  url: string;
  expect?: Parameters<typeof judgeSql>[1]['expect'];
  max_replication_lag?: number;
}

/**
 * A SQL probe: connect afresh, log in, run the query in a read-only transaction, judge the first
 * value (and replica lag). The database-specific part is `observe`. tocsin's own store is refused
 * here by its URL, and by the server's identity once `observe` has connected.
 */
export function sqlCheck<S extends SqlSettings>(
  type: string,
  defaultPort: number,
  observe: (settings: S, url: DbUrl, endpoint: Endpoint, ctx: CheckContext) => Promise<SqlObservation>,
): Check<S> {
  return {
    type,
    async run(settings, ctx) {
      let url;
      try {
        url = parseDbUrl(settings.url, defaultPort);
      } catch (error) {
        return toResult({ status: 'unknown', message: (error as Error).message }, ctx);
      }
      const endpoint = await locate(url.host, url.port, ctx);
      if ('failure' in endpoint) return toResult({ status: 'down', message: endpoint.failure }, ctx);
      if (namesOwnDatabase(ctx.ownDatabase, url, endpoint)) return toResult({ status: 'unknown', message: ownDatabaseRefusal(endpoint.label) }, ctx);
      let seen;
      try {
        seen = await observe(settings, url, endpoint, ctx);
      } catch (error) {
        if (ctx.signal.aborted) throw error;
        // The TLS mode parsers refuse an unknown sslmode before any socket is opened.
        return toResult({ status: 'unknown', message: (error as Error).message }, ctx);
      }
      return toResult(judgeSql(seen, settings), ctx);
    },
  };
}

import type { Check } from '../types.js';
import { observePostgres } from './observe.js';
import { locate, toResult } from './probe.js';
import type { PostgresSettings } from './schema.js';
import { judgeSql } from './sql-judge.js';
import { parseDbUrl } from './url.js';

/** PostgreSQL: connect afresh, log in, run `query`, judge the first value (and replay lag). */
export const postgresCheck: Check<PostgresSettings> = {
  type: 'postgres',
  async run(settings, ctx) {
    let url;
    try {
      url = parseDbUrl(settings.url, 5432);
    } catch (error) {
      return toResult({ status: 'down', unknown: true, message: (error as Error).message }, ctx);
    }
    const endpoint = await locate(url.host, url.port, ctx);
    if ('failure' in endpoint) return toResult({ status: 'down', message: endpoint.failure }, ctx);
    let seen;
    try {
      seen = await observePostgres(settings, url, endpoint, ctx);
    } catch (error) {
      if (ctx.signal.aborted) throw error;
      // pgTls refuses an unknown sslmode before any socket is opened.
      return toResult({ status: 'down', unknown: true, message: (error as Error).message }, ctx);
    }
    return toResult(judgeSql(seen, settings), ctx);
  },
};

import { locate, toResult } from '../postgres/probe.js';
import { judgeSql } from '../postgres/sql-judge.js';
import { parseDbUrl } from '../postgres/url.js';
import type { Check } from '../types.js';
import { observeMysql } from './observe.js';
import type { MysqlSettings } from './schema.js';

/** MySQL and MariaDB: connect afresh, log in, run `query`, judge the first value (and replica lag). */
export const mysqlCheck: Check<MysqlSettings> = {
  type: 'mysql',
  async run(settings, ctx) {
    let url;
    try {
      url = parseDbUrl(settings.url, 3306);
    } catch (error) {
      return toResult({ status: 'down', unknown: true, message: (error as Error).message }, ctx);
    }
    const endpoint = await locate(url.host, url.port, ctx);
    if ('failure' in endpoint) return toResult({ status: 'down', message: endpoint.failure }, ctx);
    let seen;
    try {
      seen = await observeMysql(settings, url, endpoint, ctx);
    } catch (error) {
      if (ctx.signal.aborted) throw error;
      // mysqlTls refuses an unknown ssl-mode before any socket is opened.
      return toResult({ status: 'down', unknown: true, message: (error as Error).message }, ctx);
    }
    return toResult(judgeSql(seen, settings), ctx);
  },
};

import { locate, toResult } from '../db/probe.js';
import { parseDbUrl } from '../db/url.js';
import type { Check } from '../types.js';
import { judgeRedis } from './judge.js';
import { observeRedis } from './observe.js';
import type { RedisSettings } from './schema.js';

/** Redis: connect afresh, AUTH, PING, and compare INFO fields with their limits. */
export const redisCheck: Check<RedisSettings> = {
  type: 'redis',
  async run(settings, ctx) {
    let url;
    try {
      url = parseDbUrl(settings.url, 6379);
      if (url.database !== undefined && !/^\d+$/.test(url.database)) throw new Error(`expected a database number after the host, not "${url.database}"`);
    } catch (error) {
      return toResult({ status: 'unknown', message: (error as Error).message }, ctx);
    }
    const endpoint = await locate(url.host, url.port, ctx);
    if ('failure' in endpoint) return toResult({ status: 'down', message: endpoint.failure }, ctx);
    const seen = await observeRedis(settings, url, endpoint, ctx);
    return toResult(judgeRedis(seen, settings.info), ctx);
  },
};

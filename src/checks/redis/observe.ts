import { isIP } from 'node:net';
import type { Redis } from 'ioredis';
import { onAbort, unlessAborted, type Endpoint } from '../db/probe.js';
import { redactSecrets, type DbUrl } from '../db/url.js';
import type { CheckContext } from '../types.js';
import { describeRedisError, isNeedlessAuth } from './errors.js';
import { parseInfo } from './info.js';
import type { RedisSettings } from './schema.js';
import type { RedisObservation } from './judge.js';

/**
 * One fresh connection: AUTH, SELECT, PING and (when thresholds are set) INFO.
 * ioredis is told to do nothing on its own — no retries, no offline queue, no
 * ready check, no handshake — so each step is ours, timed in its own phase,
 * and a failure is reported once instead of being retried into the deadline.
 */
export async function observeRedis(settings: RedisSettings, url: DbUrl, endpoint: Endpoint, ctx: CheckContext): Promise<RedisObservation> {
  if (ctx.signal.aborted) throw ctx.signal.reason;
  // Loaded with the first redis check: an install without one does not carry ioredis (issue 14).
  const { Redis } = await import('ioredis');
  const db = url.database === undefined ? undefined : Number(url.database);
  const redis = new Redis({
    host: endpoint.ip,
    port: endpoint.port,
    tls: url.scheme === 'rediss' ? { servername: isIP(endpoint.host) ? undefined : endpoint.host } : undefined,
    lazyConnect: true,
    retryStrategy: () => null,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    enableReadyCheck: false,
    autoResubscribe: false,
    protocol: 2,
    disableClientInfo: true,
    // A backstop only: the runner's deadline normally aborts well before.
    connectTimeout: ctx.timeoutMs + 1000,
    disconnectTimeout: 1000,
  });
  let socketError: unknown;
  // ioredis reports socket errors as events and rejects with "Connection is closed."; keep the cause.
  redis.on('error', (error: unknown) => (socketError ??= error));
  const stopWatching = onAbort(ctx.signal, () => {
    redis.disconnect(false);
    redis.stream?.destroy();
  });
  const seen: RedisObservation = { target: endpoint.label, elapsedMs: 0 };
  try {
    ctx.phases.enter('connect', endpoint.label);
    await unlessAborted(redis.connect(), ctx.signal);
    ctx.phases.enter('auth', endpoint.label);
    if (url.password !== undefined) await unlessAborted(auth(redis, url), ctx.signal);
    if (db !== undefined) await unlessAborted(redis.select(db), ctx.signal);
    ctx.phases.enter('query', endpoint.label);
    seen.pong = await unlessAborted(redis.ping(), ctx.signal);
    if (settings.info) seen.info = parseInfo(await unlessAborted(redis.info(), ctx.signal));
  } catch (error) {
    if (ctx.signal.aborted) throw ctx.signal.reason;
    const cause = socketError ?? error;
    const described = describeRedisError(cause, { label: endpoint.label, user: url.user, db, phase: ctx.phases.current });
    seen.failure = redactSecrets(described, [url.password]);
  } finally {
    stopWatching();
    // FIN now, and a destroy after disconnectTimeout should the server never close its side.
    redis.disconnect(false);
  }
  seen.elapsedMs = ctx.phases.elapsed();
  ctx.phases.close();
  return seen;
}

async function auth(redis: Redis, url: DbUrl): Promise<void> {
  const password = url.password ?? '';
  try {
    await (url.user ? redis.auth(url.user, password) : redis.auth(password));
  } catch (error) {
    if (!isNeedlessAuth(error)) throw error;
  }
}

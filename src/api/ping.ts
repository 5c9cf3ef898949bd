/**
 * The Healthchecks-compatible ping API: /ping/<uuid>[/start|/fail|/log|/<exit-status>] and
 * /ping/<ping-key>/<monitor-id>[/…], on HEAD, GET and POST, without authentication. Cheap by
 * design: lookups are in memory and a ping costs one small insert, so cron jobs get their answer
 * while the rest of tocsin is busy. Answers are plain text as Healthchecks words them, so existing
 * scripts (curl -f) behave the same.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { TokenBuckets } from '../core/heartbeat/token-bucket.js';
import type { Clock } from '../lib/clock.js';
import { PING_BODY_LIMIT } from '../checks/heartbeat/limits.js';
import { readBody } from '../checks/heartbeat/ping-body.js';
import { parsePingPath, type PingTarget } from '../checks/heartbeat/ping-path.js';
import type { PingSink } from '../checks/heartbeat/sink.js';
import { httpStatusOf, TocsinError } from '../lib/errors.js';
import type { PingCreateOutcome } from '../services/create-heartbeat-by-ping.js';

export type { PingSink, ReceivedPing } from '../checks/heartbeat/sink.js';

export interface PingDeps {
  sink: PingSink;
  clock: Clock;
  /** server.ping_key, read per request so a config reload takes effect. */
  pingKey(): string | undefined;
  /** Whether `?create=1` may create a heartbeat monitor (server.ping_auto_create). */
  autoCreate(): boolean;
  /** How many monitors pings may create in all (server.ping_auto_create_limit). */
  autoCreateLimit(): number;
  /**
   * Creates the heartbeat monitor `id` with Healthchecks' defaults unless `limit` such monitors exist: the
   * monitors API's own create verb, run as the ping key (services/create-heartbeat-by-ping.ts).
   */
  create(id: string, limit: number): Promise<PingCreateOutcome>;
  /**
   * Resumes a paused heartbeat that a ping reached (Healthchecks does unless manual_resume).
   * Answers false when it stays paused: monitors paused in tocsin.yaml are the file's to resume.
   */
  resume?(monitorId: string): Promise<boolean>;
  /** Per heartbeat: sustained pings per second, and the burst allowed. Default 5/s, burst 20. */
  rate?: { perSecond: number; burst: number };
}

const USER_AGENT_MAX = 200;

export function registerPingRoutes(app: FastifyInstance, deps: PingDeps): void {
  const rate = deps.rate ?? { perSecond: 5, burst: 20 };
  const buckets = new TokenBuckets({ rate: rate.perSecond, burst: rate.burst });
  void app.register(async (scope) => {
    // Any content type is a log (curl --data-raw sends form encoding); nothing is parsed.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (request, _payload, done) => {
      readBody(request.raw).then(
        (body) => done(null, body),
        (error: Error) => done(error, undefined),
      );
    });
    const handler = (request: FastifyRequest, reply: FastifyReply) => handlePing(request, reply, deps, buckets, rate.perSecond);
    for (const url of ['/ping/:a', '/ping/:a/:b', '/ping/:a/:b/:c']) {
      scope.route({ method: ['GET', 'HEAD', 'POST'], url, exposeHeadRoute: false, handler });
    }
    // Deeper paths are no ping URL either; answer as Healthchecks does, in plain text.
    scope.route({ method: ['GET', 'HEAD', 'POST'], url: '/ping/*', exposeHeadRoute: false, handler: (_request, reply) => text(reply, 404, 'not found') });
  });
}

async function handlePing(request: FastifyRequest, reply: FastifyReply, deps: PingDeps, buckets: TokenBuckets, perSecond: number): Promise<FastifyReply> {
  void reply.header('access-control-allow-origin', '*').header('cache-control', 'no-cache').header('ping-body-limit', String(PING_BODY_LIMIT));
  const params = request.params as Record<string, string>;
  const query = request.query as Record<string, string | undefined>;
  const parsed = parsePingPath(
    [params.a, params.b, params.c].filter((s): s is string => s !== undefined),
    query.rid,
  );
  if (!parsed.ok) return text(reply, parsed.status, parsed.body);
  const { target, ping, refusal } = parsed;
  const found = await resolveTarget(target, deps, query.create === '1' && !refusal);
  if ('body' in found) return text(reply, found.status, found.body);
  if (refusal) return text(reply, refusal.status, refusal.body);
  if (!buckets.take(found.monitorId, deps.clock.now())) {
    void reply.header('retry-after', '1');
    return text(reply, 429, `rate limited: more than ${perSecond} pings a second to this check; slow down`);
  }
  const pause = deps.sink.pauseOf(found.monitorId);
  if (pause.paused && !pause.manualResume && deps.resume) await deps.resume(found.monitorId);
  const body: Buffer | undefined = Buffer.isBuffer(request.body) ? request.body : undefined;
  await deps.sink.receive(found.monitorId, {
    ...ping,
    ...(body && body.length > 0 && { log: bodyText(body) }),
    method: request.method,
    remoteAddr: request.ip,
    userAgent: request.headers['user-agent']?.slice(0, USER_AGENT_MAX),
  });
  return found.status === 201 ? text(reply, 201, 'Created') : text(reply, 200, 'OK');
}

type Resolved = { status: 200 | 201; monitorId: string } | { status: number; body: string };

async function resolveTarget(target: PingTarget, deps: PingDeps, create: boolean): Promise<Resolved> {
  if (target.uuid !== undefined) {
    const monitorId = deps.sink.findByUuid(target.uuid);
    return monitorId ? { status: 200, monitorId } : { status: 404, body: 'not found' };
  }
  const key = deps.pingKey();
  if (key === undefined || !sameSecret(key, target.pingKey)) return { status: 404, body: 'not found' };
  const monitorId = deps.sink.findById(target.slug);
  if (monitorId) return { status: 200, monitorId };
  if (!create || !deps.autoCreate()) return { status: 404, body: 'not found' };
  const limit = deps.autoCreateLimit();
  let outcome: PingCreateOutcome;
  try {
    outcome = await deps.create(target.slug, limit);
  } catch (error) {
    if (error instanceof TocsinError) return { status: httpStatusOf(error.code), body: error.message };
    throw error;
  }
  if (outcome === 'conflict') {
    // A ping that raced this one may have created it meanwhile.
    const created = deps.sink.findById(target.slug);
    return created ? { status: 200, monitorId: created } : { status: 409, body: `conflict: "${target.slug}" is a monitor that is not a heartbeat` };
  }
  if (outcome === 'limit') {
    return {
      status: 403,
      body: `forbidden: pings already created ${limit} heartbeat monitors, the limit (server.ping_auto_create_limit); "${target.slug}" was not created`,
    };
  }
  // The create verb has the running engine pick the monitor up before it returns.
  return deps.sink.findById(target.slug) ? { status: 201, monitorId: target.slug } : { status: 503, body: 'created, but not yet running; ping again' };
}

/** Compares without leaking through timing how much of the key was right. */
function sameSecret(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** UTF-8 text (invalid bytes replaced); NUL removed, because PostgreSQL text cannot hold it. */
function bodyText(body: Buffer): string {
  return body.subarray(0, PING_BODY_LIMIT).toString('utf8').replaceAll('\u0000', '');
}

function text(reply: FastifyReply, status: number, body: string): FastifyReply {
  return reply.status(status).type('text/plain; charset=utf-8').send(body);
}

/**
 * Reads a ping URL: which heartbeat, what happened, which run. Pure, so every documented case is a
 * test row. Answers follow Healthchecks' URL patterns: a path its router would not match is 404, a
 * matched path with a bad exit status or run id is 400, but only once the check is known (so an
 * unknown check is 404 whatever else is wrong, as there).
 */
import type { PingKind } from '../../core/heartbeat/runs.js';

export type PingTarget = { uuid: string; pingKey?: undefined; slug?: undefined } | { uuid?: undefined; pingKey: string; slug: string };

/** A 400 given after the check is found: Healthchecks looks the check up first. */
export interface LateRefusal {
  status: 400;
  body: string;
}

export type ParsedPing =
  | { ok: true; target: PingTarget; ping: { kind: PingKind; exitStatus?: number; rid?: string }; refusal?: LateRefusal }
  | { ok: false; status: 400 | 404; body: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Healthchecks' `slug` path converter: what its router matches as a ping key or slug at all. */
const ROUTABLE = /^[-a-zA-Z0-9_]+$/;
/** Monitor ids (schema/primitives id()): a routable slug outside this names no monitor. */
const SLUG = /^[a-z0-9][a-z0-9_-]{0,99}$/;
const ACTIONS: Record<string, PingKind> = { start: 'start', fail: 'fail', log: 'log' };

const notFound = { ok: false, status: 404, body: 'not found' } as const;
const badUrl = { status: 400, body: 'invalid url format' } as const;
const badRid = { status: 400, body: 'invalid uuid format' } as const;

export function parsePingPath(segments: readonly string[], rid: string | undefined): ParsedPing {
  const parsed = parseSegments(segments);
  if (!parsed.ok) return parsed;
  if (parsed.refusal) return parsed;
  if (rid === undefined) return parsed;
  if (!UUID.test(rid)) return { ...parsed, refusal: badRid };
  return { ...parsed, ping: { ...parsed.ping, rid: rid.toLowerCase() } };
}

function parseSegments(segments: readonly string[]): ParsedPing {
  const [a, b, c] = segments;
  if (a === undefined || segments.length > 3) return notFound;
  if (UUID.test(a)) {
    const target = { uuid: a.toLowerCase() };
    // /ping/<uuid> and /ping/<uuid>/ are both a success ping there; /ping/<uuid>/start/ is not a route.
    if (segments.length === 1 || (segments.length === 2 && b === '')) return { ok: true, target, ping: { kind: 'success' } };
    if (segments.length === 2 && isAction(b!)) return withAction(target, b!);
  }
  // Otherwise <ping-key>/<slug>[/<action>]; slug URLs take no trailing slash.
  if (segments.length < 2 || !ROUTABLE.test(a) || !ROUTABLE.test(b!)) return notFound;
  if (c !== undefined && !isAction(c)) return notFound;
  const slug = b!;
  if (slug !== slug.toLowerCase()) return { ok: false, ...badUrl };
  if (!SLUG.test(slug)) return notFound;
  const target = { pingKey: a, slug };
  return c === undefined ? { ok: true, target, ping: { kind: 'success' } } : withAction(target, c);
}

function isAction(segment: string): boolean {
  return segment in ACTIONS || /^\d+$/.test(segment);
}

function withAction(target: PingTarget, action: string): ParsedPing {
  const kind = ACTIONS[action];
  if (kind) return { ok: true, target, ping: { kind } };
  const exitStatus = Number(action);
  if (exitStatus > 255) return { ok: true, target, ping: { kind: 'fail' }, refusal: badUrl };
  return { ok: true, target, ping: { kind: exitStatus === 0 ? 'success' : 'fail', exitStatus } };
}

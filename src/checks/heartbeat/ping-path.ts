/** Reads a ping URL: which heartbeat, what happened, which run. Pure, so every documented case is a test row. */
import type { PingKind } from '../../core/heartbeat/runs.js';

export type PingTarget = { uuid: string; pingKey?: undefined; slug?: undefined } | { uuid?: undefined; pingKey: string; slug: string };

export type ParsedPing =
  | { ok: true; target: PingTarget; ping: { kind: PingKind; exitStatus?: number; rid?: string } }
  | { ok: false; status: 400 | 404; body: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Monitor ids (schema/primitives id()); Healthchecks allows the same characters in slugs. */
const SLUG = /^[a-z0-9][a-z0-9_-]{0,99}$/;
const ACTIONS: Record<string, PingKind> = { start: 'start', fail: 'fail', log: 'log' };

const notFound = { ok: false, status: 404, body: 'not found' } as const;
const badUrl = { ok: false, status: 400, body: 'invalid url format' } as const;

export function parsePingPath(segments: readonly string[], rid: string | undefined): ParsedPing {
  if (rid !== undefined && !UUID.test(rid)) return { ok: false, status: 400, body: 'invalid uuid format' };
  const run = rid !== undefined ? { rid: rid.toLowerCase() } : {};
  const [a, b, c] = segments;
  if (a === undefined) return notFound;
  if (segments.length === 1) return UUID.test(a) ? { ok: true, target: { uuid: a.toLowerCase() }, ping: { kind: 'success', ...run } } : notFound;
  // Two segments are <uuid>/<action> when they read so, otherwise <ping-key>/<slug>.
  if (segments.length === 2 && UUID.test(a) && isAction(b!)) return withAction({ uuid: a.toLowerCase() }, b!, run);
  const [slug, action] = segments.length === 2 ? [b!, undefined] : [b!, c!];
  if (action !== undefined && !isAction(action)) return notFound;
  if (!SLUG.test(slug)) return badUrl;
  const target = { pingKey: a, slug };
  return action === undefined ? { ok: true, target, ping: { kind: 'success', ...run } } : withAction(target, action, run);
}

function isAction(segment: string): boolean {
  return segment in ACTIONS || /^\d+$/.test(segment);
}

function withAction(target: PingTarget, action: string, run: { rid?: string }): ParsedPing {
  const kind = ACTIONS[action];
  if (kind) return { ok: true, target, ping: { kind, ...run } };
  const exitStatus = Number(action);
  if (exitStatus > 255) return badUrl;
  return { ok: true, target, ping: { kind: exitStatus === 0 ? 'success' : 'fail', exitStatus, ...run } };
}

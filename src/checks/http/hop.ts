import type { OutgoingHttpHeaders } from 'node:http';
import type { HttpSettings } from './schema.js';

/** One request of a (possibly redirected) run. */
export interface Hop {
  url: URL;
  method: string;
  body?: string;
}

export type Redirect = { kind: 'none' } | { kind: 'follow'; hop: Hop } | { kind: 'unusable'; location: string };

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** Never carried to another origin: a redirect must not hand credentials to a third party. */
const PRIVATE = new Set(['authorization', 'proxy-authorization', 'cookie', 'host']);
const USER_AGENT = 'tocsin (+https://github.com/tocsin)';

/**
 * Where a response sends us next. Methods change as browsers do: 303 turns
 * anything but HEAD into GET, 301/302 turn POST into GET; 307/308 keep both
 * method and body.
 */
export function nextHop(current: Hop, status: number, location: string | undefined): Redirect {
  if (!REDIRECTS.has(status) || location === undefined || location === '') return { kind: 'none' };
  let url: URL;
  try {
    url = new URL(location, current.url);
  } catch {
    return { kind: 'unusable', location };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { kind: 'unusable', location };
  url.hash = '';
  const becomesGet = (status === 303 && current.method !== 'HEAD') || ((status === 301 || status === 302) && current.method === 'POST');
  if (becomesGet) return { kind: 'follow', hop: { url, method: 'GET' } };
  return { kind: 'follow', hop: { ...current, url } };
}

/** Headers for `hop`: the configured ones, minus private ones when the origin changed, plus Host. */
export function headersFor(hop: Hop, first: URL, configured: HttpSettings['headers']): OutgoingHttpHeaders {
  const sameOrigin = hop.url.origin === first.origin;
  const headers: OutgoingHttpHeaders = { 'user-agent': USER_AGENT, accept: '*/*', connection: 'close' };
  for (const [name, value] of Object.entries(configured)) {
    const lower = name.toLowerCase();
    if (sameOrigin || !PRIVATE.has(lower)) headers[lower] = value;
  }
  headers.host ??= hop.url.host;
  if (sameOrigin && first.username && headers.authorization === undefined) {
    const credentials = `${decodeURIComponent(first.username)}:${decodeURIComponent(first.password)}`;
    headers.authorization = `Basic ${Buffer.from(credentials).toString('base64')}`;
  }
  if (hop.body === undefined) delete headers['content-length'];
  else headers['content-length'] = Buffer.byteLength(hop.body);
  return headers;
}

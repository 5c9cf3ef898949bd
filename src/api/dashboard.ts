/**
 * Serves the built dashboard (dist/dashboard) at /. Hashed assets are cached for a year; index.html is
 * revalidated on every load so a new release is picked up at once. Files go out brotli- or
 * gzip-compressed when the browser accepts it, from copies the build made (never compressed per request). Any other path without a file
 * extension is a client-side route and gets index.html — except the server's own prefixes, which
 * must keep answering with their JSON 404 rather than a page.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export interface DashboardOptions {
  /** Directory holding index.html and assets/; found beside the running code when absent. */
  root?: string;
}

const RESERVED = ['/api', '/status', '/ping', '/badge', '/livez', '/healthz', '/metrics', '/ack'];

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

const YEAR = 'public, max-age=31536000, immutable';

type Encoding = 'br' | 'gzip';
const SUFFIX: Record<Encoding, string> = { br: 'br', gzip: 'gz' };

/** The pre-compressed encodings an Accept-Encoding header allows, best first (q=0 refuses one). */
export function acceptedEncodings(header: string | string[] | undefined): Encoding[] {
  const text = Array.isArray(header) ? header.join(',') : (header ?? '');
  const allowed = new Map<string, number>();
  for (const part of text.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    allowed.set(name.trim(), q === undefined ? 1 : Number(q));
  }
  const wildcard = allowed.get('*') ?? 0;
  return (['br', 'gzip'] as const).filter((e) => (allowed.get(e) ?? wildcard) > 0);
}

/** dist/api/dashboard.js looks in dist/dashboard; src/api/dashboard.ts (tests) in ../../dist/dashboard. */
export function defaultWebRoot(): string {
  const beside = fileURLToPath(new URL('../dashboard/', import.meta.url));
  if (existsSync(join(beside, 'index.html'))) return beside;
  return fileURLToPath(new URL('../../dist/dashboard/', import.meta.url));
}

export function isReservedPath(path: string): boolean {
  return RESERVED.some((prefix) => path === prefix || path.startsWith(`${prefix}/`) || path.startsWith(`${prefix}.`));
}

/** The file under root that `urlPath` names, or undefined when it tries to leave root. */
export function fileFor(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const full = normalize(join(root, decoded));
  const base = normalize(root.endsWith(sep) ? root : root + sep);
  return full.startsWith(base) ? full : undefined;
}

export async function dashboardRoutes(app: FastifyInstance, options: DashboardOptions): Promise<void> {
  const root = options.root ?? defaultWebRoot();
  const serve = async (request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0] ?? '/';
    if (isReservedPath(path)) return reply.callNotFound();
    const hasExtension = extname(path) !== '';
    const file = hasExtension ? fileFor(root, path) : join(root, 'index.html');
    if (!file) return reply.callNotFound();
    const body = await readFile(file).catch(() => undefined);
    // Unbuilt, only / explains itself; other paths keep the plain JSON 404 that scripts expect.
    if (!body) return hasExtension || path !== '/' ? reply.callNotFound() : notBuilt(reply, root);
    const cache = path.startsWith('/assets/') ? YEAR : 'no-cache';
    reply
      .header('content-type', TYPES[extname(file)] ?? 'application/octet-stream')
      .header('cache-control', cache)
      .header('x-content-type-options', 'nosniff')
      .header('vary', 'accept-encoding');
    // The build wrote .br and .gz beside each text file (web/vite.config.ts): send the best one asked for.
    for (const encoding of acceptedEncodings(request.headers['accept-encoding'])) {
      const packed = await readFile(`${file}.${SUFFIX[encoding]}`).catch(() => undefined);
      if (packed) return reply.header('content-encoding', encoding).send(packed);
    }
    return reply.send(body);
  };
  app.get('/', serve);
  app.get('/*', serve);
}

function notBuilt(reply: FastifyReply, root: string) {
  return reply
    .status(503)
    .header('content-type', 'text/plain; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(`The tocsin dashboard is not built (no index.html in ${root}).\nRun "npm run build:web", then reload. The API at /api/v1 works without it.\n`);
}

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptedEncodings, dashboardRoutes, fileFor, isReservedPath } from './dashboard.js';

describe('the dashboard plugin', () => {
  let root = '';
  let app: FastifyInstance;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'tocsin-web-'));
    await mkdir(join(root, 'assets'));
    await writeFile(join(root, 'index.html'), '<!doctype html><title>tocsin</title>');
    await writeFile(join(root, 'assets', 'index-abc123.js'), 'console.log(1)');
    await writeFile(join(root, 'assets', 'index-abc123.css'), 'body{}');
    await writeFile(join(root, 'favicon.svg'), '<svg/>');
    app = Fastify();
    app.setNotFoundHandler((request, reply) => reply.status(404).send({ error: `no route for ${request.method} ${request.url}` }));
    app.get('/api/v1/session', async () => ({ user: null }));
    app.get('/status/:slug', async () => 'status page');
    await app.register(dashboardRoutes, { root });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await rm(root, { recursive: true, force: true });
  });

  it('serves index.html at / and revalidates it on every load', async () => {
    const res = await app.inject('/');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.body).toContain('<title>tocsin</title>');
  });

  it('serves hashed assets with their content type and a year-long immutable cache', async () => {
    const js = await app.inject('/assets/index-abc123.js');
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const css = await app.inject('/assets/index-abc123.css');
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    const svg = await app.inject('/favicon.svg');
    expect(svg.headers['content-type']).toBe('image/svg+xml');
    expect(svg.headers['cache-control']).toBe('no-cache');
  });

  it('answers client-side routes with index.html so a reload keeps the page', async () => {
    for (const path of ['/monitors/web-1', '/alerts', '/settings/tokens?x=1']) {
      const res = await app.inject(path);
      expect(res.statusCode, path).toBe(200);
      expect(res.body).toContain('<title>tocsin</title>');
    }
  });

  it('never shadows the API, status pages, pings, badges, health or metrics', async () => {
    expect((await app.inject('/api/v1/session')).json()).toEqual({ user: null });
    expect((await app.inject('/status/public')).body).toBe('status page');
    for (const path of ['/api/v1/nope', '/api', '/status/public/extra', '/ping/abc', '/badge/x.svg', '/livez', '/healthz', '/metrics', '/ack/token']) {
      const res = await app.inject(path);
      expect(res.statusCode, path).toBe(404);
      expect(res.json().error, path).toMatch(/^no route for GET/);
    }
  });

  it('answers a missing asset with 404 rather than the page', async () => {
    const res = await app.inject('/assets/index-gone.js');
    expect(res.statusCode).toBe(404);
  });

  it('refuses paths that climb out of the web root', async () => {
    expect(fileFor('/srv/web', '/../etc/passwd')).toBeUndefined();
    expect(fileFor('/srv/web', '/%2e%2e/%2e%2e/etc/passwd')).toBeUndefined();
    expect(fileFor('/srv/web', '/a%00.js')).toBeUndefined();
    expect(fileFor('/srv/web', '/assets/a.js')).toBe('/srv/web/assets/a.js');
    const res = await app.inject('/assets/%2e%2e/%2e%2e/%2e%2e/etc/passwd.txt');
    expect(res.statusCode).toBe(404);
  });

  it('says how to build the dashboard when it has not been built', async () => {
    const bare = Fastify();
    await bare.register(dashboardRoutes, { root: join(root, 'missing') });
    const res = await bare.inject('/');
    expect(res.statusCode).toBe(503);
    expect(res.body).toContain('npm run build:web');
    await bare.close();
  });

  it('knows which prefixes belong to the server', () => {
    expect(isReservedPath('/api/v1/monitors')).toBe(true);
    expect(isReservedPath('/status/public.json')).toBe(true);
    expect(isReservedPath('/statuses')).toBe(false);
    expect(isReservedPath('/monitors/api')).toBe(false);
  });
});

describe('pre-compressed dashboard files', () => {
  let root = '';
  let app: FastifyInstance;
  const js = 'console.log("hello from the dashboard");'.repeat(50);

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'tocsin-web-packed-'));
    await mkdir(join(root, 'assets'));
    await writeFile(join(root, 'index.html'), '<!doctype html><title>tocsin</title>');
    await writeFile(join(root, 'index.html.gz'), gzipSync('<!doctype html><title>tocsin</title>'));
    await writeFile(join(root, 'assets', 'app-1.js'), js);
    await writeFile(join(root, 'assets', 'app-1.js.br'), brotliCompressSync(js));
    await writeFile(join(root, 'assets', 'app-1.js.gz'), gzipSync(js));
    app = Fastify();
    await app.register(dashboardRoutes, { root });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await rm(root, { recursive: true, force: true });
  });

  it('sends the brotli copy to a browser that accepts it, with the type and cache of the original', async () => {
    const res = await app.inject({ url: '/assets/app-1.js', headers: { 'accept-encoding': 'gzip, deflate, br, zstd' } });
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers.vary).toBe('accept-encoding');
    expect(brotliDecompressSync(res.rawPayload).toString()).toBe(js);
  });

  it('falls back to gzip, then to the plain file, as the header allows', async () => {
    const gz = await app.inject({ url: '/assets/app-1.js', headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString()).toBe(js);
    const refused = await app.inject({ url: '/assets/app-1.js', headers: { 'accept-encoding': 'br;q=0, gzip;q=0' } });
    expect(refused.headers['content-encoding']).toBeUndefined();
    expect(refused.body).toBe(js);
    const none = await app.inject('/assets/app-1.js');
    expect(none.headers['content-encoding']).toBeUndefined();
    expect(none.headers.vary).toBe('accept-encoding');
  });

  it('compresses index.html too, still revalidated on every load', async () => {
    const res = await app.inject({ url: '/monitors/web-1', headers: { 'accept-encoding': 'br, gzip' } });
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(gunzipSync(res.rawPayload).toString()).toContain('<title>tocsin</title>');
  });

  it('reads Accept-Encoding as browsers and proxies write it', () => {
    expect(acceptedEncodings('gzip, deflate, br')).toEqual(['br', 'gzip']);
    expect(acceptedEncodings('GZIP')).toEqual(['gzip']);
    expect(acceptedEncodings('br;q=0.5, gzip;q=1')).toEqual(['br', 'gzip']);
    expect(acceptedEncodings('*')).toEqual(['br', 'gzip']);
    expect(acceptedEncodings('*, br;q=0')).toEqual(['gzip']);
    expect(acceptedEncodings('identity')).toEqual([]);
    expect(acceptedEncodings(undefined)).toEqual([]);
  });
});

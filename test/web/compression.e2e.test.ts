/**
 * What leaves a running tocsin compressed, read over a real socket with node:http (which, unlike
 * fetch, does not inflate behind our back): API JSON over 1 kB in brotli or gzip as asked, small
 * answers and the live event stream as they are, /metrics in gzip for Prometheus, status pages too.
 */
import http from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { silentLogger } from '../../src/lib/logger.js';
import { startTocsin, type Tocsin } from '../../src/main.js';
import { createToken } from '../../src/services/tokens.js';
import { createUser } from '../../src/services/users.js';

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** One GET; for a stream, only its headers and first bytes. */
function get(url: string, headers: Record<string, string>, firstChunkOnly = false): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        if (firstChunkOnly) {
          request.destroy();
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) });
        }
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    request.on('error', (error) => (firstChunkOnly ? undefined : reject(error)));
    request.setTimeout(10_000, () => request.destroy(new Error(`no answer from ${url}`)));
  });
}

describe('compressed answers from a running tocsin', () => {
  let dir = '';
  let tocsin: Tocsin;
  let base = '';
  let auth: Record<string, string> = {};

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tocsin-compress-'));
    const monitors = Array.from({ length: 40 }, (_, i) => ({
      id: `web-${i}`,
      name: `Web server ${i}`,
      type: 'http',
      url: `http://127.0.0.1:9/${i}`,
      paused: true,
    }));
    const config = {
      database: { url: `sqlite:${join(dir, 'tocsin.db')}` },
      monitors,
      status_pages: [{ slug: 'public', title: 'Example', components: monitors.map((m) => ({ name: m.name, monitors: [m.id] })) }],
    };
    await writeFile(join(dir, 'tocsin.yaml'), stringify(config));
    tocsin = await startTocsin({ configPath: join(dir, 'tocsin.yaml'), env: {}, logger: silentLogger(), listen: '127.0.0.1:0' });
    base = `http://${tocsin.address}`;
    const ctx = { actor: { kind: 'system' as const, label: 'test' }, now: Date.now() };
    const user = await createUser(tocsin.store.db, { email: 'reader@example.org', role: 'viewer', password: 'a long enough passphrase' }, ctx);
    const { secret } = await createToken(tocsin.store.db, { userId: user.id, name: 'compress', scope: 'read' }, ctx);
    auth = { authorization: `Bearer ${secret}` };
  }, 60_000);

  afterAll(async () => {
    await tocsin?.stop().catch(() => undefined);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('sends the monitor list in brotli when asked, and it inflates to the same JSON', async () => {
    const plain = await get(`${base}/api/v1/monitors`, auth);
    const packed = await get(`${base}/api/v1/monitors`, { ...auth, 'accept-encoding': 'gzip, deflate, br' });
    expect(packed.status).toBe(200);
    expect(packed.headers['content-encoding']).toBe('br');
    expect(packed.headers.vary).toMatch(/accept-encoding/i);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(brotliDecompressSync(packed.body).toString()).monitors).toHaveLength(40);
    expect(packed.body.length).toBeLessThan(plain.body.length / 4);
  });

  it('sends gzip to a client that only takes gzip, and leaves answers under 1 kB alone', async () => {
    const gz = await get(`${base}/api/v1/monitors`, { ...auth, 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(gz.body).toString()).monitors).toHaveLength(40);
    const small = await get(`${base}/livez`, { 'accept-encoding': 'gzip, br' });
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(small.body.toString())).toEqual({ status: 'ok' });
  });

  it('never compresses the live event stream, so each event arrives when it is sent', async () => {
    const stream = await get(`${base}/api/v1/events`, { ...auth, 'accept-encoding': 'gzip, br' }, true);
    expect(stream.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(stream.headers['content-encoding']).toBeUndefined();
    expect(stream.body.toString()).toMatch(/event: |retry: |^:/m);
  });

  it('compresses /metrics for a Prometheus that asks for gzip, and the status page', async () => {
    const metrics = await get(`${base}/metrics`, { 'accept-encoding': 'gzip' });
    expect(metrics.status).toBe(200);
    expect(metrics.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(metrics.body).toString()).toContain('# HELP');
    const page = await get(`${base}/status/public`, { 'accept-encoding': 'br' });
    expect(page.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(page.body).toString()).toContain('Web server 39');
  });
});

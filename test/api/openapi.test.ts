/**
 * The OpenAPI document of a real tocsin on 127.0.0.1:0, read as a client would: without any
 * token, listing every /api/ route the server registered, and structurally valid.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeCatalog } from '../../src/api/route-catalog.js';
import { silentLogger } from '../../src/lib/logger.js';
import { startTocsin, type Tocsin } from '../../src/main.js';
import { openApiProblems } from './openapi-shape.js';

let dir = '';
let tocsin: Tocsin | undefined;
let base = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tocsin-openapi-'));
  const file = join(dir, 'tocsin.yaml');
  await writeFile(file, `database:\n  url: sqlite:${join(dir, 'tocsin.db')}\nmonitors: []\n`);
  tocsin = await startTocsin({ configPath: file, env: {}, logger: silentLogger(), listen: '127.0.0.1:0' });
  base = `http://${tocsin.address}`;
});

afterAll(async () => {
  await tocsin?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('the OpenAPI document of a running tocsin', () => {
  it('is readable, with /api/docs, without signing in or a token', async () => {
    const doc = await fetch(`${base}/api/v1/openapi.json`);
    expect(doc.status).toBe(200);
    expect(((await doc.json()) as { openapi: string }).openapi).toBe('3.1.0');
    const page = await fetch(`${base}/api/docs`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('/api/v1/openapi.json');
    // Everything else under /api/ still needs one.
    expect((await fetch(`${base}/api/v1/monitors`)).status).toBe(401);
  });

  it('is structurally valid OpenAPI 3.1', async () => {
    const doc = (await (await fetch(`${base}/api/v1/openapi.json`)).json()) as Record<string, unknown>;
    expect(openApiProblems(doc)).toEqual([]);
  });

  it('lists every /api/ route the server registered, each with a summary of what it does', async () => {
    const doc = (await (await fetch(`${base}/api/v1/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { summary: string; security?: unknown[] }>>;
    };
    const registered = routeCatalog(tocsin!.app)!.filter((r) => r.url.startsWith('/api/'));
    expect(registered.length).toBeGreaterThan(40);
    const missing = registered.filter((r) => !doc.paths[r.url.replace(/:([A-Za-z_]+)/g, '{$1}')]?.[r.method.toLowerCase()]);
    expect(missing).toEqual([]);
    const undocumented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([, op]) => op.summary.startsWith('Undocumented'))
        .map(([m]) => `${m} ${path}`),
    );
    expect(undocumented).toEqual([]);
    for (const path of ['/api/v1/status-pages/{slug}/incidents', '/api/v1/users', '/api/v1/audit', '/api/v1/tokens', '/api/v1/session', '/api/v1/login']) {
      expect(doc.paths[path], path).toBeDefined();
    }
    expect(doc.paths['/api/v1/login']!.post!.security).toEqual([]);
  });
});

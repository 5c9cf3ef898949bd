/**
 * The OpenAPI document of a real tocsin on 127.0.0.1:0, read as a client would: without any
 * token, listing every /api/ route the server registered, valid to @apidevtools/swagger-parser, and
 * with a schema for every answer that has a body. Whether answers match them: response-schemas.test.ts.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
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

  it('is valid OpenAPI 3.1 to swagger-parser, every $ref resolving', async () => {
    const doc = (await (await fetch(`${base}/api/v1/openapi.json`)).json()) as Record<string, unknown>;
    // validate() dereferences in place: give it a copy.
    const parsed = (await SwaggerParser.validate(structuredClone(doc) as never)) as unknown as { paths: Record<string, unknown> };
    expect(Object.keys(parsed.paths).length).toBeGreaterThan(40);
  });

  it('gives a request schema for every body and a response schema for every success with one, and shows no secret', async () => {
    const text = await (await fetch(`${base}/api/v1/openapi.json`)).text();
    const doc = JSON.parse(text) as {
      paths: Record<string, Record<string, { requestBody?: unknown; responses: Record<string, { description: string; content?: unknown }> }>>;
      components: { schemas: Record<string, unknown> };
    };
    const bare = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).flatMap(([method, op]) =>
        Object.entries(op.responses)
          .filter(([status, r]) => Number(status) < 300 && status !== '204' && !r.content)
          .map(([status, r]) => `${method.toUpperCase()} ${path} ${status}: ${r.description}`),
      ),
    );
    // The event stream, the post-mortem and calendar texts, the document itself and its HTML reader have no JSON body to describe.
    expect(bare).toEqual([
      'GET /api/v1/events 200: text/event-stream: `event: <type>` and `data: <JSON>` frames',
      'GET /api/v1/response-incidents/{id}/postmortem 200: text/markdown or text/html: the post-mortem draft, as format asks',
      'GET /api/v1/schedules/{id}/calendar.ics 200: text/calendar: a VEVENT per shift, the past month and the next three',
      'GET /api/v1/openapi.json 200: The document',
      'GET /api/docs 200: An HTML page',
    ]);
    for (const [path, method] of [
      ['/api/v1/login', 'post'],
      ['/api/v1/monitors', 'post'],
      ['/api/v1/users', 'post'],
      ['/api/v1/tokens', 'post'],
    ] as const) {
      expect(doc.paths[path]![method]!.requestBody, `${method} ${path}`).toBeDefined();
    }
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['Monitor', 'MonitorState', 'Alert', 'Result', 'Post', 'User', 'Token']));
    expect(text).not.toMatch(/tocsin_[A-Za-z0-9_-]{20,}|"password":\s*"[^"]/);
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

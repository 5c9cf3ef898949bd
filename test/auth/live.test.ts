/**
 * The real tocsin on 127.0.0.1:0, driven with fetch as a browser and a script would: the setup link
 * from the log, the cookie across requests, CSRF on changes, and a viewer's token against every
 * write route the API documents.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTocsin, type Tocsin } from '../../src/main.js';
import { PASSWORD } from './rig.js';
import { readSetCookie } from '../helpers/set-cookie.js';

let dir = '';
let tocsin: Tocsin | undefined;
const logs: string[] = [];
let base = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tocsin-auth-live-'));
  const file = join(dir, 'tocsin.yaml');
  await writeFile(file, `database:\n  url: sqlite:${join(dir, 'tocsin.db')}\nmonitors: []\n`);
  const sink = new Writable({ write: (chunk, _encoding, done) => void (logs.push(String(chunk)), done()) });
  tocsin = await startTocsin({ configPath: file, env: {}, logger: pino({ level: 'info' }, sink), listen: '127.0.0.1:0' });
  base = `http://${tocsin.address}`;
});

afterAll(async () => {
  await tocsin?.stop();
  await rm(dir, { recursive: true, force: true });
});

async function json(path: string, init: { method?: string; headers?: Record<string, string>; body?: unknown } = {}) {
  const headers = { ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}), ...init.headers };
  const response = await fetch(`${base}${path}`, {
    method: init.method ?? 'GET',
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, cookies: response.headers.getSetCookie() };
}

describe('authentication on a running tocsin', () => {
  let admin = { cookie: '', csrf: '' };

  it('prints a one-time setup link at start, and the link creates the first admin with a session cookie', async () => {
    const line = logs.find((l) => l.includes('no user can sign in yet'));
    const link = /open (http:\/\/\S+\/setup\?token=\S+) to create/.exec(line ?? '')?.[1];
    expect(link?.startsWith(`${base}/setup?token=`)).toBe(true);
    const token = new URL(link!).searchParams.get('token')!;
    const setup = await json('/api/v1/setup', { method: 'POST', body: { token, email: 'root@example.org', password: PASSWORD } });
    expect(setup.status).toBe(201);
    expect(setup.cookies).toHaveLength(1);
    const set = readSetCookie(setup.cookies[0]);
    expect(set.value).toMatch(/^[\w-]{43}$/);
    expect(set.attributes).toEqual({ path: '/', httponly: true, samesite: 'Lax', 'max-age': '604800' });
    const cookie = setup.cookies[0]!.split(';')[0]!;
    const session = await json('/api/v1/session', { headers: { cookie } });
    expect(session.body).toMatchObject({ actor: { kind: 'user', label: 'root@example.org', role: 'admin' } });
    admin = { cookie, csrf: String(session.body.csrf) };
  });

  it('keeps the public routes public and everything under /api behind sign-in', async () => {
    expect((await fetch(`${base}/livez`)).status).toBe(200);
    expect((await json('/api/v1/monitors')).status).toBe(401);
    // The API's description is public (it holds no data, issue 15); the data is not.
    expect((await json('/api/v1/openapi.json')).status).toBe(200);
  });

  it('accepts a cookie change with the CSRF header and refuses one without it', async () => {
    const forged = await json('/api/v1/users', {
      method: 'POST',
      headers: { cookie: admin.cookie },
      body: { email: 'vic@example.org', role: 'viewer', password: PASSWORD },
    });
    expect(forged.status).toBe(403);
    const made = await json('/api/v1/users', {
      method: 'POST',
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
      body: { email: 'vic@example.org', role: 'viewer', password: PASSWORD },
    });
    expect(made.status).toBe(201);
  });

  it('gives a viewer token 403 on every write route of the API', async () => {
    const login = await json('/api/v1/login', { method: 'POST', body: { email: 'vic@example.org', password: PASSWORD } });
    const viewer = { cookie: login.cookies[0]!.split(';')[0]!, csrf: String(login.body.csrf) };
    const created = await json('/api/v1/tokens', {
      method: 'POST',
      headers: { cookie: viewer.cookie, 'x-csrf-token': viewer.csrf },
      body: { name: 'grafana', scope: 'read' },
    });
    expect(created.status).toBe(201);
    const auth = { authorization: `Bearer ${String(created.body.secret)}` };
    expect((await json('/api/v1/session', { headers: auth })).body).toMatchObject({ actor: { kind: 'token', role: 'viewer', scope: 'read' } });

    const doc = (await json('/api/v1/openapi.json', { headers: { cookie: admin.cookie } })).body as {
      paths: Record<string, Record<string, { 'x-access': string }>>;
    };
    // The routes the document says need write or admin access (sign-in, and a person's own settings, do not).
    const writes = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods)
        .filter(([m, op]) => ['post', 'put', 'patch', 'delete'].includes(m) && ['write', 'admin'].includes(op['x-access']))
        .map(([m]) => [m.toUpperCase(), path] as const),
    );
    const mine = [
      ['POST', '/api/v1/tokens'],
      ['POST', '/api/v1/users'],
      ['PATCH', '/api/v1/users/{id}'],
      ['DELETE', '/api/v1/users/{id}'],
      ['POST', '/api/v1/me/totp'],
      ['POST', '/api/v1/me/password'],
    ] as const;
    expect(writes.length).toBeGreaterThan(5);
    for (const [method, path] of [...writes, ...mine]) {
      const response = await json(path.replace(/\{\w+\}/g, 'x'), { method, headers: auth, body: {} });
      expect(`${method} ${path} → ${response.status}`).toBe(`${method} ${path} → 403`);
    }
  });
});

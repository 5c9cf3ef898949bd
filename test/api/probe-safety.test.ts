/**
 * Issue 12's reproductions against a real tocsin whose store is PostgreSQL (a schema of its own in
 * the local test database), driven over HTTP with real API tokens: an editor's "test now" can no
 * longer make them admin with `update users … returning`, read a password hash, talk Redis through
 * a tcp monitor, print a JSON value, or define a pattern that freezes the engine; an admin's grant
 * lets one editor probe inside the network, and tocsin's own database stays out of every probe.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/lib/logger.js';
import { startTocsin, type Tocsin } from '../../src/main.js';
import { createToken } from '../../src/services/tokens.js';
import { createUser } from '../../src/services/users.js';
import { listAudit } from '../../src/store/audit.js';
import { getUserByEmail } from '../../src/store/users.js';
import { asAdmin } from '../checks/pg-role.js';
import { startTarget, type Target } from '../alerting/live.js';

const schema = `tocsin_probe_${randomBytes(4).toString('hex')}`;
const storeUrl = `postgres://postgres@127.0.0.1:5432/test?schema=${schema}`;
const CLI = { kind: 'cli' as const, label: 'cli (test)' };

let dir = '';
let tocsin: Tocsin;
let target: Target;
let base = '';
const tokens: Record<'admin' | 'editor' | 'trusted', string> = { admin: '', editor: '', trusted: '' };
let trustedId = '';

beforeAll(async () => {
  await asAdmin(`CREATE SCHEMA ${schema}`);
  dir = await mkdtemp(join(tmpdir(), 'tocsin-probe-safety-'));
  const file = join(dir, 'tocsin.yaml');
  await writeFile(file, `database:\n  url: ${storeUrl}\nmonitors: []\n`);
  tocsin = await startTocsin({ configPath: file, env: {}, logger: silentLogger(), listen: '127.0.0.1:0' });
  base = `http://${tocsin.address}`;
  target = await startTarget(200);
  const now = Date.now();
  for (const [who, role] of [
    ['admin', 'admin'],
    ['editor', 'editor'],
    ['trusted', 'editor'],
  ] as const) {
    const user = await createUser(tocsin.store.db, { email: `${who}@example.org`, role, password: 'correct horse battery' }, { actor: CLI, now });
    tokens[who] = (await createToken(tocsin.store.db, { userId: user.id, name: 'script', scope: 'write' }, { actor: CLI, now })).secret;
    if (who === 'trusted') trustedId = user.id;
  }
});

afterAll(async () => {
  await tocsin?.stop();
  await target?.close();
  await rm(dir, { recursive: true, force: true });
  await asAdmin(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
});

async function call(as: keyof typeof tokens, method: string, path: string, body?: unknown) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${tokens[as]}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const becomeAdmin = {
  id: 'escalate',
  type: 'postgres',
  url: 'postgres://postgres:hunter2@127.0.0.1:5432/test',
  query: `update ${schema}.users set role = 'admin' where email = 'editor@example.org' returning role`,
  timeout: '5s',
};
const editorRole = async () => (await getUserByEmail(tocsin.store.db, 'editor@example.org'))?.role;

describe('an editor without the grant', () => {
  it('cannot run SQL through "test now": 403 naming the field and the role needed, and nothing changes', async () => {
    const answer = await call('editor', 'POST', '/api/v1/monitors/test', becomeAdmin);
    expect(answer.status).toBe(403);
    expect(answer.body).toMatchObject({ field: 'type', expected: expect.stringMatching(/^role admin, or an editor with probe_internal/) });
    expect(answer.body.error).toMatch(
      /^type: a postgres monitor logs in to a server and runs commands there; only admins, and editors an admin granted probe_internal, may define it$/,
    );
    expect(await editorRole()).toBe('editor');
  });

  it.each([
    ['a tcp monitor that sends INFO to Redis', { type: 'tcp', host: '127.0.0.1', port: 6379, send: 'INFO server\r\n' }, 'send'],
    ['a redis monitor', { type: 'redis', url: 'redis://127.0.0.1:6379' }, 'type'],
    ['an http monitor with a custom header', { type: 'http', url: 'http://127.0.0.1:1/', headers: { 'X-Api-Key': 'k' } }, 'headers'],
    ['an http monitor that POSTs a body', { type: 'http', url: 'http://127.0.0.1:1/', method: 'POST', body: '{}' }, 'body'],
    ['an http monitor that DELETEs', { type: 'http', url: 'http://127.0.0.1:1/', method: 'DELETE' }, 'method'],
    [
      'an http monitor that shows a JSON value',
      { type: 'http', url: 'http://127.0.0.1:1/', expect: { json_path: { path: '$.secret', equals: 'x' } } },
      'expect.json_path',
    ],
  ])('cannot create, test or save %s', async (_what, monitor, field) => {
    for (const [method, path] of [
      ['POST', '/api/v1/monitors/test'],
      ['POST', '/api/v1/monitors'],
    ] as const) {
      const answer = await call('editor', method, path, { id: 'inside', ...monitor });
      expect(answer.status).toBe(403);
      expect(answer.body.field).toBe(field);
    }
  });

  it('keeps plain probes: a GET, judged by status, text and an RE2 pattern', async () => {
    const answer = await call('editor', 'POST', '/api/v1/monitors/test', {
      id: 'web',
      type: 'http',
      url: target.url,
      expect: { body_contains: 'ok', body_regex: '^o.$' },
    });
    expect(answer).toMatchObject({ status: 200, body: { status: 'up' } });
  });

  it('is told which pattern syntax RE2 refuses, as a 400 naming the field', async () => {
    const answer = await call('editor', 'POST', '/api/v1/monitors', { id: 'web', type: 'http', url: target.url, expect: { body_regex: '(a)\\1' } });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({
      field: 'expect.body_regex',
      expected: 'expected a regular expression in RE2 syntax (no backreferences or lookaround): invalid escape sequence: `\\1`',
    });
  });
});

describe('an editor an admin granted probe_internal', () => {
  beforeAll(async () => {
    const granted = await call('admin', 'PATCH', `/api/v1/users/${trustedId}`, { probe_internal: true });
    expect(granted).toMatchObject({ status: 200, body: { user: { email: 'trusted@example.org', probe_internal: true } } });
  });

  it("may run SQL, but never against tocsin's own database, under any spelling", async () => {
    for (const url of ['postgres://postgres:hunter2@127.0.0.1:5432/test', 'postgres://postgres:hunter2@localhost/test']) {
      const answer = await call('trusted', 'POST', '/api/v1/monitors/test', { ...becomeAdmin, url });
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ status: 'unknown', message: expect.stringMatching(/^refused: .* is tocsin's own database \(database\.url\)/) });
    }
    const hash = await call('trusted', 'POST', '/api/v1/monitors/test', {
      ...becomeAdmin,
      query: `select password_hash from ${schema}.users where email = 'admin@example.org'`,
    });
    expect(hash.body.message).toMatch(/is tocsin's own database/);
    expect(JSON.stringify(hash.body)).not.toContain('scrypt');
    expect(await editorRole()).toBe('editor');
  });

  it('is recorded in the audit log for every run: who, what type and where, without the password', async () => {
    const runs = (await listAudit(tocsin.store.db, { limit: 50 })).filter(
      (entry) => entry.action === 'monitor.test' && entry.actor.label.includes('trusted@example.org'),
    );
    expect(runs.map((entry) => entry.after)).toEqual([
      { type: 'postgres', target: 'postgres://postgres:••••@127.0.0.1:5432/test', status: 'unknown' },
      { type: 'postgres', target: 'postgres://postgres:••••@localhost/test', status: 'unknown' },
      { type: 'postgres', target: 'postgres://postgres:••••@127.0.0.1:5432/test', status: 'unknown' },
    ]);
    expect(runs.every((entry) => entry.target === 'escalate')).toBe(true);
    expect(JSON.stringify(runs)).not.toContain('hunter2');
  });

  it('loses the grant as soon as an admin withdraws it', async () => {
    expect((await call('admin', 'PATCH', `/api/v1/users/${trustedId}`, { probe_internal: false })).status).toBe(200);
    expect((await call('trusted', 'POST', '/api/v1/monitors/test', becomeAdmin)).status).toBe(403);
  });
});

describe('"test now"', () => {
  it('runs at most three tests of one caller at once', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/`;
      const answers = await Promise.all(
        Array.from({ length: 4 }, () => call('editor', 'POST', '/api/v1/monitors/test', { id: 'hung', type: 'http', url, timeout: '1s' })),
      );
      expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 429]);
      expect((await call('editor', 'POST', '/api/v1/monitors/test', { id: 'web', type: 'http', url: target.url })).status).toBe(200);
    } finally {
      silent.close();
    }
  });
});

describe('the store', () => {
  it("is tocsin's, in PostgreSQL, and was never written by a probe", async () => {
    const { rows } = await sql<{ role: string }>`select role from ${sql.table(`${schema}.users`)} where email = 'editor@example.org'`.execute(tocsin.store.db);
    expect(rows).toEqual([{ role: 'editor' }]);
  });
});

import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { authRig, PASSWORD, type AuthRig } from './rig.js';
import { readSetCookie } from '../helpers/set-cookie.js';

let rig: AuthRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
/** Open routes sign people in; they are not writes made as someone. */
const OPEN = new Set(['POST /api/v1/login', 'POST /api/v1/logout', 'POST /api/v1/setup']);

describe('who may call what', () => {
  it('refuses /api without credentials and leaves the public routes public', async () => {
    rig = await authRig();
    const anonymous = await rig.app.inject({ method: 'GET', url: '/api/v1/things' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json()).toEqual({ error: 'sign in or send an API token (Authorization: Bearer …)' });
    expect((await rig.app.inject({ method: 'GET', url: '/api/v1/no-such-route' })).statusCode).toBe(401);
    expect((await rig.app.inject({ method: 'GET', url: '/livez' })).statusCode).toBe(200);
    expect((await rig.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    // Credentials meant for someone else (the metrics token, say) are none of this hook's business outside /api.
    expect((await rig.app.inject({ method: 'GET', url: '/livez', headers: bearer('metrics-secret') })).statusCode).toBe(200);
  });

  it('gives a viewer token 403 on every write route', async () => {
    rig = await authRig();
    const viewer = await rig.addUser('vic@example.org', 'viewer');
    const token = await rig.tokenFor(viewer, 'read');
    const writes = rig.routes.filter((r) => !['GET', 'HEAD', 'OPTIONS'].includes(r.method) && !OPEN.has(`${r.method} ${r.url}`));
    expect(writes.length).toBeGreaterThanOrEqual(10);
    for (const route of writes) {
      const response = await rig.app.inject({ method: route.method as 'POST', url: route.url.replace(/:\w+/g, 'x'), headers: bearer(token), payload: {} });
      expect([route.url, route.method, response.statusCode]).toEqual([route.url, route.method, 403]);
    }
    expect((await rig.app.inject({ method: 'GET', url: '/api/v1/things', headers: bearer(token) })).json()).toEqual({
      read: 'token read token (vic@example.org)',
    });
  });

  it('lets a write token of an editor write, and a read token of the same editor only read', async () => {
    rig = await authRig();
    const editor = await rig.addUser('ed@example.org', 'editor');
    const write = await rig.app.inject({ method: 'POST', url: '/api/v1/things', headers: bearer(await rig.tokenFor(editor, 'write')) });
    expect(write.json()).toEqual({ wrote: 'token write token (ed@example.org)' });
    const read = await rig.app.inject({ method: 'POST', url: '/api/v1/things', headers: bearer(await rig.tokenFor(editor, 'read')) });
    expect(read.statusCode).toBe(403);
    expect(read.json()).toEqual({ error: 'this read token cannot make changes' });
  });

  it('refuses a revoked token with 401 and says it was revoked', async () => {
    rig = await authRig();
    await rig.addUser('ed@example.org', 'editor');
    const { cookie, csrf } = await rig.signIn('ed@example.org');
    const created = await rig.app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: { cookie, 'x-csrf-token': csrf },
      payload: { name: 'ci deploy', scope: 'write' },
    });
    const { token, secret } = created.json() as { token: { id: string; prefix: string }; secret: string };
    expect((await rig.app.inject({ method: 'GET', url: '/api/v1/things', headers: bearer(secret) })).statusCode).toBe(200);
    await rig.app.inject({ method: 'POST', url: `/api/v1/tokens/${token.id}/revoke`, headers: { cookie, 'x-csrf-token': csrf } });
    const refused = await rig.app.inject({ method: 'GET', url: '/api/v1/things', headers: bearer(secret) });
    expect(refused.statusCode).toBe(401);
    expect(refused.json()).toEqual({ error: `API token ci deploy (${token.prefix}…) was revoked; create a new one` });
    expect((await rig.app.inject({ method: 'GET', url: '/api/v1/things', headers: bearer('tocsin_made-up') })).json()).toEqual({
      error: 'this API token is not valid; check that it was copied whole',
    });
  });

  it('needs the CSRF token for cookie-authenticated changes, not for reads', async () => {
    rig = await authRig();
    await rig.addUser('ed@example.org', 'editor');
    const { cookie, csrf } = await rig.signIn('ed@example.org');
    expect((await rig.app.inject({ method: 'GET', url: '/api/v1/things', headers: { cookie } })).statusCode).toBe(200);
    const forged = await rig.app.inject({ method: 'POST', url: '/api/v1/things', headers: { cookie } });
    expect(forged.statusCode).toBe(403);
    expect(forged.json()).toEqual({ error: 'missing or wrong X-CSRF-Token header; read the token from GET /api/v1/session and send it with every change' });
    expect((await rig.app.inject({ method: 'POST', url: '/api/v1/things', headers: { cookie, 'x-csrf-token': `${csrf.slice(1)}x` } })).statusCode).toBe(403);
    expect((await rig.app.inject({ method: 'POST', url: '/api/v1/things', headers: { cookie, 'x-csrf-token': csrf } })).json()).toEqual({
      wrote: 'ed@example.org',
    });
    const session = await rig.app.inject({ method: 'GET', url: '/api/v1/session', headers: { cookie } });
    expect(session.json()).toMatchObject({ actor: { kind: 'user', label: 'ed@example.org', role: 'editor' }, user: { email: 'ed@example.org' }, csrf });
  });

  it('ends a session after 12 h idle, and on logout', async () => {
    rig = await authRig();
    await rig.addUser('ed@example.org', 'editor');
    const first = await rig.signIn('ed@example.org');
    rig.clock.advance(12 * 3_600_000 + 1);
    const expired = await rig.app.inject({ method: 'GET', url: '/api/v1/things', headers: { cookie: first.cookie } });
    expect(expired.statusCode).toBe(401);
    expect(expired.json()).toEqual({ error: 'your session expired after 12 h without use; sign in again' });
    const second = await rig.signIn('ed@example.org');
    const out = await rig.app.inject({ method: 'POST', url: '/api/v1/logout', headers: { cookie: second.cookie } });
    expect(out.statusCode).toBe(204);
    expect(readSetCookie(out.headers['set-cookie'])).toEqual({
      name: 'tocsin_session',
      value: '',
      attributes: { path: '/', httponly: true, samesite: 'Lax', 'max-age': '0' },
    });
    expect((await rig.app.inject({ method: 'GET', url: '/api/v1/things', headers: { cookie: second.cookie } })).json()).toEqual({
      error: 'your session has ended; sign in again',
    });
  });
});

describe('secrets at rest', () => {
  it('stores tokens and session ids only as SHA-256 hashes', async () => {
    rig = await authRig();
    const ed = await rig.addUser('ed@example.org', 'editor');
    const secret = await rig.tokenFor(ed, 'write');
    const { cookie } = await rig.signIn('ed@example.org');
    const sessionId = cookie.split('=')[1]!;
    const db = rig.store.db.withTables<{ api_tokens: { hash: string }; sessions: { id_hash: string } }>();
    const tokens = await db.selectFrom('api_tokens').selectAll().execute();
    const sessions = await db.selectFrom('sessions').selectAll().execute();
    expect(tokens.map((t) => t.hash)).toEqual([createHash('sha256').update(secret).digest('hex')]);
    expect(sessions.map((s) => s.id_hash)).toEqual([createHash('sha256').update(sessionId).digest('hex')]);
    const everything = JSON.stringify([tokens, sessions, await rig.store.db.withTables<{ users: { id: string } }>().selectFrom('users').selectAll().execute()]);
    for (const plain of [secret, secret.slice(7), sessionId, PASSWORD]) expect(everything).not.toContain(plain);
  });
});

describe('paths that try to slip past', () => {
  it('judges the route a request reaches, not how its URL was spelled', async () => {
    rig = await authRig();
    for (const url of ['/%61pi/v1/things', '/api/v1/%74hings', '/api/v1/things?x=/livez']) {
      const response = await rig.app.inject({ method: 'GET', url });
      expect([url, response.statusCode]).toEqual([url, 401]);
    }
  });

  it('ends a session used every day after 7 days in all', async () => {
    rig = await authRig();
    await rig.addUser('ed@example.org', 'editor');
    const { cookie } = await rig.signIn('ed@example.org');
    let last = await rig.app.inject({ method: 'GET', url: '/api/v1/things', headers: { cookie } });
    for (let hours = 0; hours <= 7 * 24 && last.statusCode === 200; hours += 11) {
      rig.clock.advance(11 * 3_600_000);
      last = await rig.app.inject({ method: 'GET', url: '/api/v1/things', headers: { cookie } });
    }
    expect(last.json()).toEqual({ error: 'your session expired after 7 days; sign in again' });
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { authRig, PASSWORD, type AuthRig } from './rig.js';

let rig: AuthRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

async function as(r: AuthRig, email: string) {
  const { cookie, csrf } = await r.signIn(email);
  return (method: string, url: string, payload?: object) =>
    r.app.inject({ method: method as 'GET', url, headers: { cookie, 'x-csrf-token': csrf }, ...(payload ? { payload } : {}) });
}

describe('first-run setup', () => {
  it('creates the first admin with the one-time link, signs them in, and refuses the link afterwards', async () => {
    rig = await authRig();
    expect((await rig.app.inject({ method: 'GET', url: '/api/v1/setup' })).json()).toMatchObject({ needed: false });
    const link = await rig.auth.announceSetup('http://127.0.0.1:8080/');
    expect(link).toMatch(/^http:\/\/127\.0\.0\.1:8080\/setup\?token=[A-Za-z0-9_-]{32}$/);
    expect((await rig.app.inject({ method: 'GET', url: '/api/v1/setup' })).json()).toMatchObject({ needed: true });
    const token = new URL(link!).searchParams.get('token')!;
    const body = { token, email: 'root@example.org', password: PASSWORD };

    const wrong = await rig.app.inject({ method: 'POST', url: '/api/v1/setup', payload: { ...body, token: 'x'.repeat(32) } });
    expect([wrong.statusCode, wrong.json()]).toEqual([403, { error: 'this setup link is not valid; use the newest one printed in the tocsin log at start' }]);
    const weak = await rig.app.inject({ method: 'POST', url: '/api/v1/setup', payload: { ...body, password: 'short' } });
    expect(weak.statusCode).toBe(400);
    const done = await rig.app.inject({ method: 'POST', url: '/api/v1/setup', payload: body });
    expect(done.statusCode).toBe(201);
    expect(done.json()).toMatchObject({ user: { email: 'root@example.org', role: 'admin' } });
    expect(done.headers['set-cookie']).toMatch(/^tocsin_session=/);
    const again = await rig.app.inject({ method: 'POST', url: '/api/v1/setup', payload: body });
    expect([again.statusCode, again.json()]).toEqual([409, { error: 'tocsin already has users: sign in, or ask an admin for an account' }]);
    expect(await rig.auth.announceSetup('http://127.0.0.1:8080')).toBeUndefined();
  });
});

describe('users, for admins', () => {
  it('creates, changes the role of and removes users, and keeps at least one admin', async () => {
    rig = await authRig();
    const rootId = await rig.addUser('root@example.org', 'admin');
    const call = await as(rig, 'root@example.org');
    const created = await call('POST', '/api/v1/users', { email: 'Ed@Example.org', role: 'viewer', password: PASSWORD });
    expect(created.statusCode).toBe(201);
    const ed = (created.json() as { user: { id: string } }).user;
    expect((await call('POST', '/api/v1/users', { email: 'ed@example.org', role: 'viewer', password: PASSWORD })).json()).toEqual({
      error: 'a user ed@example.org already exists',
    });
    expect((await call('PATCH', `/api/v1/users/${ed.id}`, { role: 'editor' })).json()).toMatchObject({ user: { email: 'ed@example.org', role: 'editor' } });
    const demote = await call('PATCH', `/api/v1/users/${rootId}`, { role: 'viewer' });
    expect([demote.statusCode, demote.json()]).toEqual([
      409,
      { error: 'cannot make root@example.org viewer: root@example.org is the only admin; make someone else admin first' },
    ]);
    expect((await call('GET', '/api/v1/users')).json()).toMatchObject({
      users: [
        { email: 'ed@example.org', role: 'editor' },
        { email: 'root@example.org', role: 'admin' },
      ],
    });
    expect((await call('DELETE', `/api/v1/users/${ed.id}`)).statusCode).toBe(204);
    expect((await call('DELETE', `/api/v1/users/${ed.id}`)).statusCode).toBe(404);
  });

  it('refuses user management to editors with 403', async () => {
    rig = await authRig();
    await rig.addUser('ed@example.org', 'editor');
    const call = await as(rig, 'ed@example.org');
    const refused = await call('GET', '/api/v1/users');
    expect([refused.statusCode, refused.json()]).toEqual([403, { error: 'an editor cannot administer tocsin' }]);
  });

  it('signs a person out everywhere when an admin changes their role', async () => {
    rig = await authRig();
    await rig.addUser('root@example.org', 'admin');
    const edId = await rig.addUser('ed@example.org', 'editor');
    const { cookie } = await rig.signIn('ed@example.org');
    const call = await as(rig, 'root@example.org');
    await call('PATCH', `/api/v1/users/${edId}`, { role: 'viewer' });
    expect((await rig.app.inject({ method: 'GET', url: '/api/v1/things', headers: { cookie } })).statusCode).toBe(401);
  });
});

describe('the audit log', () => {
  it('records every change with who and when, pages newest first, and never holds a secret', async () => {
    rig = await authRig();
    await rig.addUser('root@example.org', 'admin');
    const call = await as(rig, 'root@example.org');
    const created = await call('POST', '/api/v1/users', { email: 'ed@example.org', role: 'editor', password: 'first password 1' });
    const edId = (created.json() as { user: { id: string } }).user.id;
    await call('PATCH', `/api/v1/users/${edId}`, { password: 'second password 2' });
    const token = await call('POST', '/api/v1/tokens', { name: 'grafana', scope: 'read' });
    const { secret, token: made } = token.json() as { secret: string; token: { id: string } };
    await call('POST', `/api/v1/tokens/${made.id}/revoke`);

    const first = await call('GET', '/api/v1/audit?limit=3');
    const page = first.json() as { entries: Array<{ action: string; target: string; actor: { label: string }; after: unknown }>; next: string };
    expect(page.entries.map((e) => e.action)).toEqual(['token.revoke', 'token.create', 'user.update']);
    expect(page.entries[2]).toMatchObject({
      actor: { label: 'root@example.org' },
      target: 'user ed@example.org',
      after: { email: 'ed@example.org', role: 'editor', password: '•••• (changed)' },
    });
    const second = (await call('GET', `/api/v1/audit?limit=3&before=${page.next}`)).json() as {
      entries: Array<{ action: string; target: string }>;
      next: string | null;
    };
    expect(second.entries.map((e) => [e.action, e.target])).toEqual([
      ['user.create', 'user ed@example.org'],
      ['user.create', 'user root@example.org'],
    ]);
    expect(second.next).toBeNull();

    const stored = JSON.stringify(await rig.store.db.withTables<{ audit_log: { id: string } }>().selectFrom('audit_log').selectAll().execute());
    for (const plain of [PASSWORD, 'first password 1', 'second password 2', secret, secret.slice(7)]) expect(stored).not.toContain(plain);
  });

  it('is closed to viewers', async () => {
    rig = await authRig();
    await rig.addUser('vic@example.org', 'viewer');
    const call = await as(rig, 'vic@example.org');
    expect((await call('GET', '/api/v1/audit')).statusCode).toBe(403);
  });
});

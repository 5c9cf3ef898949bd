import { afterEach, describe, expect, it } from 'vitest';
import { totp, base32Decode } from '../../src/core/totp.js';
import { listAudit } from '../../src/store/audit.js';
import { listOutbox } from '../../src/store/outbox.js';
import { authRig, PASSWORD, statuses, type AuthRig } from './rig.js';
import { readSetCookie } from '../helpers/set-cookie.js';

let rig: AuthRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const S = 1000;

async function attempt(r: AuthRig, password: string, ip = '10.0.0.1', email = 'ana@example.org', extra: Record<string, string> = {}) {
  return r.app.inject({ method: 'POST', url: '/api/v1/login', payload: { email, password, ...extra }, remoteAddress: ip });
}

const answer = (response: { statusCode: number; json(): unknown; headers: Record<string, unknown> }) => ({
  status: response.statusCode,
  body: response.json(),
  retryAfter: response.headers['retry-after'],
});

describe('signing in', () => {
  it('sets an HttpOnly, SameSite=Lax session cookie and returns the CSRF token', async () => {
    rig = await authRig();
    await rig.addUser('Ana@Example.org', 'editor');
    const { response, csrf } = await rig.signIn('ana@example.org');
    const cookie = readSetCookie(response.headers['set-cookie']);
    expect(cookie.name).toBe('tocsin_session');
    expect(cookie.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(cookie.attributes).toEqual({ path: '/', httponly: true, samesite: 'Lax', 'max-age': '604800' });
    expect(response.json()).toMatchObject({ user: { email: 'ana@example.org', role: 'editor', totp: false }, notices: [] });
    expect(csrf).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it.each([
    ['a malformed percent escape', 'tocsin_session=%E0%A4%A'],
    ['a cookie without a value', 'tocsin_session'],
    ['an unknown session', 'tocsin_session=nope; other=1'],
    ['a header of 8 kB', `a=${'x'.repeat(8000)}; tocsin_session=nope`],
  ])('treats %s as no session: 401, never a 500', async (_name, cookie) => {
    rig = await authRig();
    const response = await rig.app.inject({ method: 'GET', url: '/api/v1/monitors', headers: { cookie } });
    expect(response.statusCode).toBe(401);
  });

  it('marks the cookie Secure when tocsin is served over https', async () => {
    rig = await authRig();
    await rig.addUser('ana@example.org', 'viewer');
    rig.publicUrl.value = 'https://tocsin.example.org';
    const { response } = await rig.signIn('ana@example.org');
    expect(readSetCookie(response.headers['set-cookie']).attributes.secure).toBe(true);
  });

  it('says "wrong email or password" alike for a wrong password and an unknown email', async () => {
    rig = await authRig();
    await rig.addUser('ana@example.org', 'viewer');
    const wrong = await attempt(rig, 'not the password');
    const unknown = await attempt(rig, PASSWORD, '10.0.0.1', 'nobody@example.org');
    expect([wrong.statusCode, unknown.statusCode]).toEqual([401, 401]);
    expect(wrong.json()).toEqual({ error: 'wrong email or password' });
    expect(unknown.json()).toEqual({ error: 'wrong email or password' });
    expect(wrong.headers['set-cookie']).toBeUndefined();
  });

  it('lets three typos pass, then doubles the wait of an email and address with each failure, answering 429 with Retry-After even for the right password', async () => {
    rig = await authRig();
    await rig.addUser('ana@example.org', 'viewer');
    expect((await attempt(rig, PASSWORD, '10.0.0.2')).statusCode).toBe(200);
    for (let i = 0; i < 3; i++) expect((await attempt(rig, 'guess')).json()).toEqual({ error: 'wrong email or password' });
    expect((await attempt(rig, 'guess')).json()).toEqual({ error: 'wrong email or password; try again in 1 s' });
    expect(answer(await attempt(rig, PASSWORD))).toEqual({
      status: 429,
      body: { error: 'too many failed sign-ins to ana@example.org from your address; try again in 1 s' },
      retryAfter: '1',
    });
    rig.clock.advance(S);
    expect((await attempt(rig, 'guess')).json()).toEqual({ error: 'wrong email or password; try again in 2 s' });
    rig.clock.advance(S);
    expect(answer(await attempt(rig, 'guess'))).toMatchObject({ status: 429, retryAfter: '1' });
    rig.clock.advance(S);
    expect((await attempt(rig, 'guess')).json()).toEqual({ error: 'wrong email or password; try again in 4 s' });
    // The owner's usual address is not held: a guesser's waits are theirs.
    expect((await attempt(rig, PASSWORD, '10.0.0.2')).statusCode).toBe(200);
    rig.clock.advance(4 * S);
    expect((await attempt(rig, PASSWORD)).statusCode).toBe(200);
  });

  it('counts guesses sent all at once, so a burst of 12 gets only the 4 tries a typo streak would', async () => {
    rig = await authRig();
    await rig.addUser('ana@example.org', 'viewer');
    const answers = await Promise.all(Array.from({ length: 12 }, () => attempt(rig!, 'guess')));
    expect(statuses(answers)).toEqual({ 401: 4, 429: 8 });
  });

  it('lets the right password in from a fresh address within 10 s of 20 failures from 20 addresses, and at once from an address used before', async () => {
    rig = await authRig();
    await rig.addUser('ana@example.org', 'viewer');
    await attempt(rig, PASSWORD, '198.51.100.1');
    for (let i = 0; i < 20; i++) {
      const response = await attempt(rig, 'guess', `10.0.${i}.1`);
      // Past 5 failures, new addresses wait between tries: the guesser has to wait too.
      if (response.statusCode === 429) rig.clock.advance(Number(response.headers['retry-after']) * S);
      if (response.statusCode === 429) expect((await attempt(rig, 'guess', `10.0.${i}.1`)).statusCode).toBe(401);
    }
    expect((await attempt(rig, PASSWORD, '198.51.100.1')).statusCode).toBe(200);
    const fresh = await attempt(rig, PASSWORD, '192.0.2.7');
    expect(answer(fresh)).toEqual({
      status: 429,
      body: { error: 'many failed sign-ins to ana@example.org from other addresses, so new addresses wait between tries; try again in 10 s' },
      retryAfter: '10',
    });
    rig.clock.advance(10 * S);
    expect((await attempt(rig, PASSWORD, '192.0.2.7')).statusCode).toBe(200);
  });

  it('tells the owner of an account that took 20 failures in an hour: audit log, email channel and the next sign-in, once a day', async () => {
    rig = await authRig();
    const ana = await rig.addUser('ana@example.org', 'viewer');
    rig.channels.value = {
      ops: { type: 'email', smtp: 'smtp://127.0.0.1:2525', from: 'tocsin@example.org', to: ['ops@example.org'] },
      ana: { type: 'email', smtp: 'smtp://127.0.0.1:2525', from: 'tocsin@example.org', to: ['Ana <ANA@example.org>'] },
      chat: { type: 'slack', url: 'http://127.0.0.1:9/hook' },
    };
    for (let i = 0; i < 21; i++) {
      await attempt(rig, 'guess', `10.0.${i % 4}.1`);
      rig.clock.advance(16 * S);
    }
    const rows = await listOutbox(rig.store.db);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      channel: 'ana',
      event: 'tocsin.self',
      notification: { monitor: { name: 'account ana@example.org', type: 'account' }, state: 'degraded' },
    });
    const message = rows[0]!.notification.message;
    expect(message).toMatch(/^20 failed sign-ins to ana@example.org in the last hour, from 4 addresses\. tocsin did not lock the account/);
    const audit = await listAudit(rig.store.db, { limit: 10 });
    expect(audit.filter((e) => e.action === 'user.sign_in_attempts')).toMatchObject([
      { actor: { kind: 'system', label: 'sign-in throttle' }, target: 'user ana@example.org', after: { failures: 20, sources: 4 } },
    ]);

    const { response } = await rig.signIn('ana@example.org');
    expect(response.json()).toMatchObject({ user: { id: ana }, notices: [{ at: expect.any(String), message }] });
    expect((await rig.signIn('ana@example.org')).response.json()).toMatchObject({ notices: [] });
  });

  it('forgets the failures of an address once someone signs in from it', async () => {
    rig = await authRig();
    await rig.addUser('ana@example.org', 'viewer');
    for (let i = 0; i < 4; i++) {
      await attempt(rig, 'guess');
      rig.clock.advance(60 * S);
    }
    expect((await attempt(rig, PASSWORD)).statusCode).toBe(200);
    for (let i = 0; i < 3; i++) expect((await attempt(rig, 'guess')).json()).toEqual({ error: 'wrong email or password' });
  });
});

describe('two-factor sign-in', () => {
  it('enrols with an otpauth URI, then asks for the code at sign-in and refuses a wrong or replayed one', async () => {
    rig = await authRig();
    await rig.addUser('ana@example.org', 'viewer');
    const { cookie, csrf } = await rig.signIn('ana@example.org');
    const headers = { cookie, 'x-csrf-token': csrf };
    const enrol = await rig.app.inject({ method: 'POST', url: '/api/v1/me/totp', headers });
    expect(enrol.statusCode).toBe(200);
    const { key, uri } = enrol.json() as { key: string; uri: string };
    expect(uri).toMatch(/^otpauth:\/\/totp\/tocsin:ana%40example\.org\?secret=[A-Z2-7]{32}&issuer=tocsin/);
    const code = () => totp(base32Decode(key), rig!.clock.now());
    const wrongConfirm = await rig.app.inject({
      method: 'POST',
      url: '/api/v1/me/totp/confirm',
      headers,
      payload: { code: '000000' === code() ? '111111' : '000000' },
    });
    expect(wrongConfirm.statusCode).toBe(400);
    expect((await rig.app.inject({ method: 'POST', url: '/api/v1/me/totp/confirm', headers, payload: { code: code() } })).statusCode).toBe(200);

    rig.clock.advance(30_000);
    const noCode = await attempt(rig, PASSWORD);
    expect(noCode.statusCode).toBe(401);
    expect(noCode.json()).toEqual({ error: 'enter the 6-digit code from your authenticator app', field: 'totp', expected: '6 digits' });
    const good = code();
    expect((await attempt(rig, PASSWORD, '10.0.0.1', 'ana@example.org', { totp: good })).statusCode).toBe(200);
    const replayed = await attempt(rig, PASSWORD, '10.0.0.1', 'ana@example.org', { totp: good });
    expect(replayed.statusCode).toBe(401);
    expect(replayed.json()).toMatchObject({ error: 'the authenticator code is wrong or was already used; wait for the next one and try again', field: 'totp' });
  });

  it('throttles wrong codes at sign-in like wrong passwords, even with the right password', async () => {
    rig = await authRig();
    const ana = await rig.addUser('ana@example.org', 'viewer');
    await rig.enableTotp(ana);
    const guess = (code: string) => attempt(rig!, PASSWORD, '10.0.0.1', 'ana@example.org', { totp: code });
    for (let i = 0; i < 3; i++)
      expect((await guess('000000')).json()).toMatchObject({
        error: 'the authenticator code is wrong or was already used; wait for the next one and try again',
      });
    expect((await guess('000000')).json()).toMatchObject({ error: 'the authenticator code is wrong or was already used; try again in 1 s' });
    expect(answer(await guess('111111'))).toMatchObject({ status: 429, retryAfter: '1' });
    rig.clock.advance(S);
    expect((await guess('111111')).json()).toMatchObject({ error: 'the authenticator code is wrong or was already used; try again in 2 s' });
  });

  it('lets an admin turn off the second factor of someone who lost their phone', async () => {
    rig = await authRig();
    const ana = await rig.addUser('ana@example.org', 'viewer');
    await rig.addUser('root@example.org', 'admin');
    await rig.enableTotp(ana);
    const admin = await rig.signIn('root@example.org');
    const reset = await rig.app.inject({ method: 'DELETE', url: `/api/v1/users/${ana}/totp`, headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf } });
    expect(reset.json()).toMatchObject({ user: { email: 'ana@example.org', totp: false } });
    expect((await attempt(rig, PASSWORD)).statusCode).toBe(200);
  });
});

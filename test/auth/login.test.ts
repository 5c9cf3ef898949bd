import { afterEach, describe, expect, it } from 'vitest';
import { totp, base32Decode } from '../../src/core/totp.js';
import { authRig, PASSWORD, type AuthRig } from './rig.js';

let rig: AuthRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const MIN = 60_000;

async function attempt(r: AuthRig, password: string, ip = '10.0.0.1', email = 'ana@example.org') {
  return r.app.inject({ method: 'POST', url: '/api/v1/login', payload: { email, password }, remoteAddress: ip });
}

describe('signing in', () => {
  it('sets an HttpOnly, SameSite=Lax session cookie and returns the CSRF token', async () => {
    rig = await authRig();
    await rig.addUser('Ana@Example.org', 'editor');
    const { response, csrf } = await rig.signIn('ana@example.org');
    expect(response.headers['set-cookie']).toMatch(/^tocsin_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=604800$/);
    expect(response.json()).toMatchObject({ user: { email: 'ana@example.org', role: 'editor', totp: false } });
    expect(csrf).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('marks the cookie Secure when tocsin is served over https', async () => {
    rig = await authRig();
    await rig.addUser('ana@example.org', 'viewer');
    rig.publicUrl.value = 'https://tocsin.example.org';
    const { response } = await rig.signIn('ana@example.org');
    expect(response.headers['set-cookie']).toMatch(/; Secure$/);
  });

  it('says "wrong email or password" alike for a wrong password and an unknown email, counting down the tries', async () => {
    rig = await authRig();
    await rig.addUser('ana@example.org', 'viewer');
    const wrong = await attempt(rig, 'not the password');
    const unknown = await attempt(rig, PASSWORD, '10.0.0.1', 'nobody@example.org');
    expect([wrong.statusCode, unknown.statusCode]).toEqual([401, 401]);
    expect(wrong.json()).toEqual({ error: 'wrong email or password (4 more tries before a pause)' });
    expect(unknown.json()).toEqual({ error: 'wrong email or password (4 more tries before a pause)' });
    expect(wrong.headers['set-cookie']).toBeUndefined();
  });

  it('pauses an email and address after 5 failed logins in 15 min, with the minutes left, even for the right password', async () => {
    rig = await authRig();
    await rig.addUser('ana@example.org', 'viewer');
    for (let i = 0; i < 4; i++) expect((await attempt(rig, 'guess')).statusCode).toBe(401);
    expect((await attempt(rig, 'guess')).json()).toEqual({ error: 'wrong email or password; logins for this email are paused for 15 min' });
    rig.clock.advance(MIN);
    const paused = await attempt(rig, PASSWORD);
    expect(paused.statusCode).toBe(429);
    expect(paused.json()).toEqual({ error: 'too many failed logins for ana@example.org; try again in 14 min' });
    // Another address is not paused: the limit is per email and address.
    expect((await attempt(rig, PASSWORD, '10.0.0.2')).statusCode).toBe(200);
    rig.clock.advance(14 * MIN);
    expect((await attempt(rig, PASSWORD)).statusCode).toBe(200);
  });

  it('counts guesses sent all at once, so a burst gets no more than 5 tries', async () => {
    rig = await authRig();
    await rig.addUser('ana@example.org', 'viewer');
    const answers = await Promise.all(Array.from({ length: 12 }, () => attempt(rig!, 'guess')));
    const counts = answers.reduce<Record<number, number>>((acc, a) => ({ ...acc, [a.statusCode]: (acc[a.statusCode] ?? 0) + 1 }), {});
    expect(counts).toEqual({ 401: 5, 429: 7 });
  });

  it('locks the account after 20 failures in an hour from rotating addresses, and says how to get back in', async () => {
    rig = await authRig();
    await rig.addUser('ana@example.org', 'viewer');
    for (let i = 0; i < 20; i++) await attempt(rig, 'guess', `10.0.${i}.1`);
    const locked = await attempt(rig, PASSWORD, '192.0.2.7');
    expect(locked.statusCode).toBe(429);
    expect(locked.json()).toEqual({ error: 'ana@example.org is locked after 20 failed logins in the last hour; try again in 60 min, or ask an admin to set a new password' });
  });

  it('forgets the failures of an address once someone signs in from it', async () => {
    rig = await authRig();
    await rig.addUser('ana@example.org', 'viewer');
    for (let i = 0; i < 4; i++) await attempt(rig, 'guess');
    expect((await attempt(rig, PASSWORD)).statusCode).toBe(200);
    expect((await attempt(rig, 'guess')).json()).toEqual({ error: 'wrong email or password (4 more tries before a pause)' });
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
    const wrongConfirm = await rig.app.inject({ method: 'POST', url: '/api/v1/me/totp/confirm', headers, payload: { code: '000000' === code() ? '111111' : '000000' } });
    expect(wrongConfirm.statusCode).toBe(400);
    expect((await rig.app.inject({ method: 'POST', url: '/api/v1/me/totp/confirm', headers, payload: { code: code() } })).statusCode).toBe(200);

    rig.clock.advance(30_000);
    const noCode = await attempt(rig, PASSWORD);
    expect(noCode.statusCode).toBe(401);
    expect(noCode.json()).toEqual({ error: 'enter the 6-digit code from your authenticator app', field: 'totp', expected: '6 digits' });
    const good = code();
    const signedIn = await rig.app.inject({ method: 'POST', url: '/api/v1/login', payload: { email: 'ana@example.org', password: PASSWORD, totp: good } });
    expect(signedIn.statusCode).toBe(200);
    const replayed = await rig.app.inject({ method: 'POST', url: '/api/v1/login', payload: { email: 'ana@example.org', password: PASSWORD, totp: good } });
    expect(replayed.statusCode).toBe(401);
    expect(replayed.json()).toMatchObject({ error: 'the authenticator code is wrong or was already used; wait for the next one and try again' });
  });

  it('lets an admin turn off the second factor of someone who lost their phone', async () => {
    rig = await authRig();
    const ana = await rig.addUser('ana@example.org', 'viewer');
    await rig.addUser('root@example.org', 'admin');
    const own = await rig.signIn('ana@example.org');
    const enrol = await rig.app.inject({ method: 'POST', url: '/api/v1/me/totp', headers: { cookie: own.cookie, 'x-csrf-token': own.csrf } });
    const key = (enrol.json() as { key: string }).key;
    await rig.app.inject({ method: 'POST', url: '/api/v1/me/totp/confirm', headers: { cookie: own.cookie, 'x-csrf-token': own.csrf }, payload: { code: totp(base32Decode(key), rig.clock.now()) } });
    const admin = await rig.signIn('root@example.org');
    const reset = await rig.app.inject({ method: 'DELETE', url: `/api/v1/users/${ana}/totp`, headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf } });
    expect(reset.json()).toMatchObject({ user: { email: 'ana@example.org', totp: false } });
    expect((await attempt(rig, PASSWORD)).statusCode).toBe(200);
  });
});

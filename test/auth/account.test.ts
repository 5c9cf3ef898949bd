/** Changing one's own password and second factor: proof again, and guesses throttled per user. */
import { afterEach, describe, expect, it } from 'vitest';
import { authRig, PASSWORD, statuses, type AuthRig } from './rig.js';

let rig: AuthRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const S = 1000;
const MIN = 60 * S;

async function as(r: AuthRig, email: string, extra: Record<string, string> = {}) {
  const { cookie, csrf } = await r.signIn(email, extra);
  return (method: 'POST' | 'DELETE', url: string, payload: object = {}) => r.app.inject({ method, url, headers: { cookie, 'x-csrf-token': csrf }, payload });
}

describe('turning two-factor sign-in on', () => {
  it('needs a sign-in in the last 5 minutes or the current password, and counts a wrong one', async () => {
    rig = await authRig();
    await rig.addUser('ana@example.org', 'viewer');
    const call = await as(rig, 'ana@example.org');
    rig.clock.advance(6 * MIN);
    const unproven = await call('POST', '/api/v1/me/totp');
    expect([unproven.statusCode, unproven.json()]).toEqual([
      400,
      {
        error: 'confirm it is you: send your current password as "password", or sign in again (a sign-in in the last 5 min is enough)',
        field: 'password',
        expected: 'your current password',
      },
    ]);
    const wrong = await call('POST', '/api/v1/me/totp', { password: 'not the password' });
    expect([wrong.statusCode, wrong.json()]).toEqual([
      400,
      { error: 'the current password is wrong; nothing was changed; try again in 1 s', field: 'password' },
    ]);
    const early = await call('POST', '/api/v1/me/totp', { password: PASSWORD });
    expect([early.statusCode, early.headers['retry-after']]).toEqual([429, '1']);
    rig.clock.advance(S);
    expect((await call('POST', '/api/v1/me/totp', { password: PASSWORD })).json()).toMatchObject({ key: expect.stringMatching(/^[A-Z2-7]{32}$/) });
  });

  it('needs nothing more right after signing in', async () => {
    rig = await authRig();
    await rig.addUser('ana@example.org', 'viewer');
    const call = await as(rig, 'ana@example.org');
    rig.clock.advance(4 * MIN);
    expect((await call('POST', '/api/v1/me/totp')).statusCode).toBe(200);
  });
});

describe('turning two-factor sign-in off', () => {
  it('gives a burst of code guesses one answer, doubles the wait with each wrong code, and then accepts the right one', async () => {
    rig = await authRig();
    const ana = await rig.addUser('ana@example.org', 'viewer');
    const code = await rig.enableTotp(ana);
    const call = await as(rig, 'ana@example.org', { totp: code() });
    rig.clock.advance(30 * S);
    const burst = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        call('DELETE', '/api/v1/me/totp', { code: String(i).padStart(6, '0') === code() ? '999999' : String(i).padStart(6, '0') }),
      ),
    );
    expect(statuses(burst)).toEqual({ 400: 1, 429: 29 });
    expect(burst.find((a) => a.statusCode === 429)?.headers['retry-after']).toBe('1');
    rig.clock.advance(S);
    const second = await call('DELETE', '/api/v1/me/totp', { code: code() === '123456' ? '654321' : '123456' });
    expect(second.json()).toEqual({ error: 'the authenticator code is wrong or was already used; nothing was changed; try again in 2 s', field: 'code' });
    expect((await call('DELETE', '/api/v1/me/totp', { code: code() })).statusCode).toBe(429);
    rig.clock.advance(2 * S);
    expect((await call('DELETE', '/api/v1/me/totp', { code: code(), password: PASSWORD })).json()).toEqual({ totp: false });
  });

  it('does not forget wrong codes when the password is right: knowing it does not buy more guesses', async () => {
    rig = await authRig();
    const ana = await rig.addUser('ana@example.org', 'viewer');
    const code = await rig.enableTotp(ana);
    const call = await as(rig, 'ana@example.org', { totp: code() });
    const wrongCode = () => (code() === '000000' ? '111111' : '000000');
    for (const wait of ['1 s', '2 s', '4 s']) {
      const answer = await call('DELETE', '/api/v1/me/totp', { code: wrongCode(), password: PASSWORD });
      expect(answer.json()).toMatchObject({ error: `the authenticator code is wrong or was already used; nothing was changed; try again in ${wait}` });
      rig.clock.advance(10 * S);
    }
  });
});

describe("changing one's password", () => {
  it('needs the current password, and a burst of guesses gets one answer with a growing wait', async () => {
    rig = await authRig();
    await rig.addUser('ana@example.org', 'viewer');
    const call = await as(rig, 'ana@example.org');
    const burst = await Promise.all(
      Array.from({ length: 20 }, (_, i) => call('POST', '/api/v1/me/password', { current: `guess ${i}`, password: 'a new password 1' })),
    );
    expect(statuses(burst)).toEqual({ 400: 1, 429: 19 });
    expect(burst.find((a) => a.statusCode === 400)?.json()).toEqual({
      error: 'the current password is wrong; nothing was changed; try again in 1 s',
      field: 'current',
    });
    rig.clock.advance(S);
    expect((await call('POST', '/api/v1/me/password', { current: 'guess', password: 'a new password 1' })).json()).toMatchObject({
      error: expect.stringMatching(/try again in 2 s$/),
    });
    rig.clock.advance(2 * S);
    expect((await call('POST', '/api/v1/me/password', { current: PASSWORD, password: 'a new password 1' })).json()).toMatchObject({ changed: true });
  });
});

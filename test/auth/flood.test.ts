/**
 * Anonymous sign-in floods: an attempt the throttle refuses never reaches scrypt, and the scrypt work
 * anonymous attempts may cause is bounded, per source and across all of them. scrypt is counted
 * (not replaced) by wrapping node:crypto's own.
 */
import * as crypto from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { authRig, PASSWORD, statuses, type AuthRig } from './rig.js';

vi.mock('node:crypto', async (original) => {
  const real = await original<typeof import('node:crypto')>();
  return { ...real, scrypt: vi.fn(real.scrypt) };
});

let rig: AuthRig | undefined;
beforeEach(async () => {
  rig = await authRig();
  await rig.addUser('ana@example.org', 'viewer');
  // The decoy hash for unknown emails is made once, on first use: not part of any flood.
  await login('nobody@example.org', '203.0.113.1');
  // Long enough for the anonymous budget to refill what that spent.
  rig.clock.advance(5_000);
  vi.mocked(crypto.scrypt).mockClear();
});
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

function login(email: string, ip: string, password = 'guess') {
  return rig!.app.inject({ method: 'POST', url: '/api/v1/login', payload: { email, password }, remoteAddress: ip });
}

describe('an anonymous flood', () => {
  it('from one address with a new email each time runs scrypt 10 times, not 50', async () => {
    const answers = [];
    for (let i = 0; i < 50; i++) answers.push(await login(`guess${i}@example.org`, '10.9.9.9'));
    expect(statuses(answers)).toEqual({ 401: 10, 429: 40 });
    expect(answers.at(-1)?.json()).toEqual({ error: 'too many failed sign-ins from your address; try again in 1 s' });
    expect(vi.mocked(crypto.scrypt)).toHaveBeenCalledTimes(10);
  });

  it('from 100 addresses at once runs scrypt within the anonymous budget, while a known address still signs in', async () => {
    expect((await login('ana@example.org', '198.51.100.1', PASSWORD)).statusCode).toBe(200);
    vi.mocked(crypto.scrypt).mockClear();
    const flood = Promise.all(Array.from({ length: 100 }, (_, i) => login(`guess${i}@example.org`, `10.1.${i}.1`)));
    const owner = await login('ana@example.org', '198.51.100.1', PASSWORD);
    const answers = await flood;
    expect(owner.statusCode).toBe(200);
    expect(answers.every((a) => a.statusCode === 401 || a.statusCode === 429)).toBe(true);
    // The budget's burst (the clock stands still, so nothing refills), plus the owner's own check.
    expect(vi.mocked(crypto.scrypt).mock.calls.length).toBeLessThanOrEqual(10 + 1);
    expect(answers.find((a) => a.statusCode === 429)?.json()).toMatchObject({
      error: expect.stringMatching(/^tocsin is (checking many sign-ins from new addresses right now|busy checking other passwords); try again in 1 s$/),
    });
  });
});

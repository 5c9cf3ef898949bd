import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signToken, verifyToken, type TokenClaims } from './ack-token.js';

const SECRET = 'k3y-for-tests-only-0123456789abcdef';
const NOW = Date.parse('2026-05-01T02:14:00Z');
const claims: TokenClaims = { purpose: 'ack', monitorId: 'update-center', episode: 7, expiresAt: NOW + 3_600_000, id: 'tok-1' };

describe('ack tokens', () => {
  it('verifies a token it signed and returns its claims', () => {
    expect(verifyToken(SECRET, signToken(SECRET, claims), 'ack', NOW)).toEqual({ ok: true, claims });
  });

  it('refuses a token once it has expired', () => {
    const token = signToken(SECRET, claims);
    expect(verifyToken(SECRET, token, 'ack', claims.expiresAt - 1).ok).toBe(true);
    expect(verifyToken(SECRET, token, 'ack', claims.expiresAt)).toEqual({ ok: false, problem: 'expired', claims });
  });

  it('calls a token signed with another secret forged', () => {
    expect(verifyToken(SECRET, signToken('another-instance-secret', claims), 'ack', NOW)).toEqual({ ok: false, problem: 'forged' });
  });

  it('calls a token whose claims were edited forged, even when still well formed', () => {
    const [body, signature] = signToken(SECRET, claims).split('.');
    const payload = JSON.parse(Buffer.from(body!, 'base64url').toString()) as unknown[];
    payload[2] = 'mirrors-db';
    const edited = `${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${signature}`;
    expect(verifyToken(SECRET, edited, 'ack', NOW)).toEqual({ ok: false, problem: 'forged' });
  });

  it('refuses a genuine token minted for another purpose', () => {
    const unsubscribe = signToken(SECRET, { ...claims, purpose: 'unsubscribe' });
    expect(verifyToken(SECRET, unsubscribe, 'ack', NOW)).toMatchObject({ ok: false, problem: 'wrong_purpose' });
  });

  it.each([
    ['an empty string', ''],
    ['no signature', 'abc'],
    ['three parts', 'a.b.c'],
    ['a body that is not JSON', `${Buffer.from('nope').toString('base64url')}.sig`],
    ['a payload of the wrong shape', `${Buffer.from('{"purpose":"ack"}').toString('base64url')}.sig`],
  ])('calls %s malformed', (_title, token) => {
    expect(verifyToken(SECRET, token, 'ack', NOW)).toEqual({ ok: false, problem: 'malformed' });
  });

  it('accepts no single-character change of a valid token', () => {
    const token = signToken(SECRET, claims);
    fc.assert(
      fc.property(fc.nat({ max: token.length - 1 }), fc.constantFrom(...'ABCxyz019-_.'), (index, char) => {
        fc.pre(token[index] !== char);
        const changed = token.slice(0, index) + char + token.slice(index + 1);
        // base64url ignores the low bits of a last character; such a change decodes to the same bytes.
        const same = (a: string) =>
          a
            .split('.')
            .map((part) => Buffer.from(part, 'base64url').toString('hex'))
            .join('.');
        fc.pre(same(changed) !== same(token));
        expect(verifyToken(SECRET, changed, 'ack', NOW).ok).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('keeps links short enough for SMS and push services', () => {
    expect(signToken(SECRET, { ...claims, monitorId: 'a-rather-long-monitor-identifier' }).length).toBeLessThan(160);
  });
});

import { describe, expect, it } from 'vitest';
import { REDACTED, redactSecrets, redactUrlPasswords } from './audit.js';

describe('redactSecrets', () => {
  it.each([
    ['password', { email: 'a@b.org', password: 'hunter2' }, { email: 'a@b.org', password: REDACTED }],
    [
      'secrets, tokens and keys in any case',
      { Secret: 's', api_TOKEN: 't', routing_key: 'k', name: 'n' },
      { Secret: REDACTED, api_TOKEN: REDACTED, routing_key: REDACTED, name: 'n' },
    ],
    [
      'nested objects and arrays',
      { channels: [{ url: 'u', headers: { Authorization: 'Bearer x' } }] },
      { channels: [{ url: 'u', headers: { Authorization: REDACTED } }] },
    ],
    ['a whole object under a secret key', { secrets: { a: 1 } }, { secrets: REDACTED }],
    [
      'header values whose names do not look secret, but not the public ones',
      { headers: { 'X-Custom-Auth': 'h1', 'X-Request-Source': 'prod' }, public_headers: ['x-request-source'] },
      { headers: { 'X-Custom-Auth': REDACTED, 'X-Request-Source': 'prod' }, public_headers: ['x-request-source'] },
    ],
    ['null secrets, which say "removed" and nothing else', { password: null }, { password: null }],
    ['scalars', 42, 42],
  ])('masks %s', (_name, value, expected) => {
    expect(redactSecrets(value)).toEqual(expected);
  });

  it('says a secret changed without saying what to', () => {
    expect(redactSecrets({ secret: 'new', name: 'x' }, { secret: 'old', name: 'x' })).toEqual({ secret: `${REDACTED} (changed)`, name: 'x' });
    expect(redactSecrets({ secret: 'same' }, { secret: 'same' })).toEqual({ secret: REDACTED });
    expect(redactSecrets({ headers: { 'X-A': 'new', 'X-B': 'b' } }, { headers: { 'X-A': 'old', 'X-B': 'b' } })).toEqual({
      headers: { 'X-A': `${REDACTED} (changed)`, 'X-B': REDACTED },
    });
  });

  it('never lets a secret through, whatever the shape', () => {
    const value = { a: [{ b: { password: 'p1', c: [{ token: 't1' }] } }], d: 'postgres://u:p2@db/x' };
    const text = JSON.stringify(redactSecrets(value));
    for (const secret of ['p1', 't1', 'p2']) expect(text).not.toContain(`"${secret}`);
    expect(text).not.toContain(':p2@');
  });
});

describe('redactUrlPasswords', () => {
  it.each([
    ['postgres://app:hunter2@db.example.org/tocsin', `postgres://app:${REDACTED}@db.example.org/tocsin`],
    ['see redis://:s3cret@cache:6379 and https://x.org', `see redis://:${REDACTED}@cache:6379 and https://x.org`],
    ['https://user@example.org/', 'https://user@example.org/'],
    ['no url here: a:b@c', 'no url here: a:b@c'],
  ])('turns %s into %s', (text, expected) => {
    expect(redactUrlPasswords(text)).toBe(expected);
  });
});

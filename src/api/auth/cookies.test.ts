import { describe, expect, it } from 'vitest';
import { parseCookies, serializeCookie } from './cookies.js';

describe('parseCookies', () => {
  it.each([
    ['a=1; tocsin_session=abc_-DEF', { a: '1', tocsin_session: 'abc_-DEF' }],
    ['tocsin_session="quoted"', { tocsin_session: 'quoted' }],
    ['x=1; x=2', { x: '1' }],
    ['novalue; =nokey; bad name=1; ok=2', { ok: '2' }],
    ['comma=a,b; space=a b; semi=ok', { semi: 'ok' }],
    ['', {}],
  ])('reads %j strictly', (header, expected) => {
    expect(Object.fromEntries(parseCookies(header))).toEqual(expected);
  });

  it('ignores an absent or absurdly long header', () => {
    expect(parseCookies(undefined).size).toBe(0);
    expect(parseCookies(`a=${'x'.repeat(9000)}`).size).toBe(0);
  });
});

describe('serializeCookie', () => {
  it('always sets HttpOnly, SameSite=Lax and Path=/, and Secure when asked', () => {
    expect(serializeCookie('tocsin_session', 'v', { secure: false })).toBe('tocsin_session=v; Path=/; HttpOnly; SameSite=Lax');
    expect(serializeCookie('tocsin_session', 'v', { secure: true, maxAge: 60.5 })).toBe('tocsin_session=v; Path=/; HttpOnly; SameSite=Lax; Max-Age=60; Secure');
  });
});

import { describe, expect, it } from 'vitest';
import { headersFor, nextHop, type Hop } from './hop.js';

const here = (method = 'GET', body?: string): Hop => ({ url: new URL('https://a.example/app/page?x=1'), method, body });

describe('nextHop', () => {
  it.each([
    [301, '/other', 'https://a.example/other'],
    [302, 'next', 'https://a.example/app/next'],
    [307, '../up', 'https://a.example/up'],
    [308, 'http://b.example:8080/z#frag', 'http://b.example:8080/z'],
    [303, '//c.example/p', 'https://c.example/p'],
  ])('follows a %i to %s as %s', (status, location, href) => {
    const redirect = nextHop(here(), status, location);
    expect(redirect.kind === 'follow' && redirect.hop.url.href).toBe(href);
  });

  it.each([
    [200, '/x'],
    [304, '/x'],
    [302, undefined],
    [302, ''],
  ])('does not follow a %i with Location %s', (status, location) => {
    expect(nextHop(here(), status, location)).toEqual({ kind: 'none' });
  });

  it.each(['ftp://a.example/file', 'javascript:alert(1)', 'http://[::1'])('refuses to follow %s', (location) => {
    expect(nextHop(here(), 302, location)).toEqual({ kind: 'unusable', location });
  });

  it.each([
    ['POST', 301, 'GET', undefined],
    ['POST', 302, 'GET', undefined],
    ['POST', 303, 'GET', undefined],
    ['PUT', 303, 'GET', undefined],
    ['HEAD', 303, 'HEAD', undefined],
    ['POST', 307, 'POST', 'data'],
    ['PUT', 308, 'PUT', 'data'],
    ['PUT', 302, 'PUT', 'data'],
  ])('turns %s after a %i into %s', (method, status, after, body) => {
    const redirect = nextHop(here(method, method === 'HEAD' ? undefined : 'data'), status, '/next');
    expect(redirect.kind === 'follow' && [redirect.hop.method, redirect.hop.body]).toEqual([after, body]);
  });
});

describe('headersFor', () => {
  const first = new URL('https://bob:s%3Acret@a.example:8443/');
  const configured = { Authorization: 'Bearer t', 'X-Probe': 'yes', Cookie: 'c=1' };

  it('sends the configured headers, the Host and the URL credentials to the first origin', () => {
    const headers = headersFor({ url: first, method: 'GET' }, first, { 'X-Probe': 'yes' });
    expect(headers).toMatchObject({ host: 'a.example:8443', 'x-probe': 'yes', connection: 'close' });
    expect(headers.authorization).toBe(`Basic ${Buffer.from('bob:s:cret').toString('base64')}`);
  });

  it('lets a configured Authorization header win over URL credentials', () => {
    expect(headersFor({ url: first, method: 'GET' }, first, configured).authorization).toBe('Bearer t');
  });

  it('drops credentials and cookies when a redirect leaves the origin', () => {
    const headers = headersFor({ url: new URL('https://b.example/'), method: 'GET' }, first, configured);
    expect(headers).toMatchObject({ host: 'b.example', 'x-probe': 'yes' });
    expect(headers.authorization).toBeUndefined();
    expect(headers.cookie).toBeUndefined();
  });

  it('counts the body in bytes, not characters', () => {
    expect(headersFor({ url: first, method: 'POST', body: 'é' }, first, {})['content-length']).toBe(2);
  });

  it('drops a configured Content-Length once there is no body to send', () => {
    expect(headersFor({ url: first, method: 'GET' }, first, { 'Content-Length': '9' })['content-length']).toBeUndefined();
  });
});

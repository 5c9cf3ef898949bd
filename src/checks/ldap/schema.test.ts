import { describe, expect, it } from 'vitest';
import { ldapServer, ldapSettings } from './schema.js';

const problems = (input: Record<string, unknown>) => ldapSettings.safeParse(input).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);

describe('ldap settings', () => {
  it('defaults to an anonymous bind, certificate days like tls, and verification on', () => {
    expect(ldapSettings.parse({ url: 'ldaps://ldap.example.org' })).toEqual({
      url: 'ldaps://ldap.example.org',
      starttls: false,
      verify_tls: true,
      warn_days: 21,
      critical_days: 7,
    });
  });
  it('fills in the search defaults', () => {
    expect(ldapSettings.parse({ url: 'ldap://h', search: { base: 'dc=example,dc=org' } }).search).toEqual({
      base: 'dc=example,dc=org',
      filter: '(objectClass=*)',
      scope: 'sub',
      min_entries: 1,
    });
  });
  it.each([
    [{ url: 'http://ldap.example.org' }, 'url: expected ldap://host[:port] or ldaps://host[:port], without a DN (put it in search.base)'],
    [{ url: 'ldap://ldap.example.org/dc=example,dc=org' }, 'url: expected ldap://host[:port] or ldaps://host[:port], without a DN (put it in search.base)'],
    [{ url: 'ldap://ldap.example.org:70000' }, 'url: expected ldap://host[:port] or ldaps://host[:port], without a DN (put it in search.base)'],
    [{ url: 'ldaps://h', starttls: true }, 'starttls: expected starttls only with an ldap:// URL (ldaps:// is TLS from the start)'],
    [{ url: 'ldap://h', bind_password: 'x' }, 'bind_dn: expected bind_dn with bind_password'],
    [{ url: 'ldap://h', search: { base: '', filter: 'uid=x' } }, 'search.filter: expected an LDAP filter in parentheses, such as (objectClass=person)'],
    [{ url: 'ldap://h', search: { base: '', min_entries: 10_001 } }, 'search.min_entries: Too big: expected number to be <=10000'],
  ])('refuses %j', (input, problem) => {
    expect(problems(input)).toEqual([problem]);
  });
  it('reads host, port and TLS from the URL', () => {
    expect(ldapServer('ldaps://ldap.example.org')).toEqual({ host: 'ldap.example.org', port: 636, ldaps: true });
    expect(ldapServer('ldap://[2001:db8::1]:1389/')).toEqual({ host: '2001:db8::1', port: 1389, ldaps: false });
    expect(ldapServer('ldap://10.0.0.7')).toEqual({ host: '10.0.0.7', port: 389, ldaps: false });
  });
});

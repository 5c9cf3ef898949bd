import { describe, expect, it } from 'vitest';
import type { CertificateFacts } from '../tls/judge.js';
import { judgeLdap } from './judge.js';
import { ldapErrorWords } from './errors.js';
import type { LdapObservation } from './observe.js';

const now = new Date('2026-11-21T05:00:00Z');
const days = (n: number) => new Date(now.getTime() + n * 86_400_000);
const target = '10.0.0.7:636';
const good: CertificateFacts = {
  subjectCN: 'ldap.example.org',
  issuer: 'Corp CA',
  altNames: ['ldap.example.org'],
  notBefore: days(-30),
  notAfter: days(60),
  selfSigned: false,
  nameMatches: true,
};
const base = { verify_tls: true, warn_days: 21, critical_days: 7 };
const admin = { ...base, bind_dn: 'cn=admin,dc=example,dc=org' };
const people = { base: 'ou=people,dc=example,dc=org', filter: '(objectClass=person)', scope: 'sub' as const, min_entries: 2 };
const plain = (more: Partial<LdapObservation>): LdapObservation => ({ target: '10.0.0.7:389', name: 'ldap.example.org', bind: {}, ...more });
const ldaps = (more: Partial<LdapObservation>, certificate: Partial<CertificateFacts> = {}): LdapObservation => ({
  target,
  name: 'ldap.example.org',
  tls: 'ldaps',
  certificate: { ...good, ...certificate },
  bind: {},
  ...more,
});

describe('judgeLdap', () => {
  const cases: Array<[string, LdapObservation, Parameters<typeof judgeLdap>[1], string, string]> = [
    ['is up after an anonymous bind', plain({}), base, 'up', 'bound anonymously at 10.0.0.7:389'],
    ['names the bind DN', plain({}), admin, 'up', 'bound as cn=admin,dc=example,dc=org at 10.0.0.7:389'],
    [
      'counts the entries a search found',
      plain({ search: { count: 3, sizeLimit: 100 } }),
      { ...base, search: people },
      'up',
      'bound anonymously at 10.0.0.7:389, search of "ou=people,dc=example,dc=org" for (objectClass=person) found 3 entries',
    ],
    [
      'says "at least" when the search stopped at its size limit',
      plain({ search: { count: 100, sizeLimit: 100 } }),
      { ...base, search: people },
      'up',
      'bound anonymously at 10.0.0.7:389, search of "ou=people,dc=example,dc=org" for (objectClass=person) found at least 100 entries',
    ],
    [
      'is down when the search found too few entries',
      plain({ search: { count: 1, sizeLimit: 100 } }),
      { ...base, search: people },
      'down',
      'bound anonymously at 10.0.0.7:389, but the search of "ou=people,dc=example,dc=org" for (objectClass=person) found 1 entry, expected at least 2',
    ],
    [
      "passes on the server's reason a search failed",
      plain({ search: { error: 'No Such Object (result code 32)' } }),
      { ...base, search: people },
      'down',
      'bound anonymously at 10.0.0.7:389, but the search of "ou=people,dc=example,dc=org" for (objectClass=person) failed: No Such Object (result code 32)',
    ],
    [
      'is down when the bind is refused',
      plain({ bind: { error: 'Invalid Credentials (result code 49)' } }),
      admin,
      'down',
      'bind as cn=admin,dc=example,dc=org at 10.0.0.7:389 failed: Invalid Credentials (result code 49)',
    ],
    ['passes a connection failure on', { target, name: 'x', failure: `connection refused by ${target}` }, base, 'down', `connection refused by ${target}`],
    ['is down when TLS brought no certificate', { target, name: 'x', tls: 'ldaps' }, base, 'down', `${target} presented no certificate (ldaps)`],
    [
      'adds the certificate to an up message',
      ldaps({}),
      base,
      'up',
      `bound anonymously at ${target} over ldaps; certificate for ldap.example.org valid for 60 days (until 2027-01-20T05:00:00Z), issuer Corp CA`,
    ],
    [
      'is degraded when the certificate expires within warn_days',
      ldaps({ tls: 'starttls' }, { notAfter: days(10) }),
      base,
      'degraded',
      `certificate for ldap.example.org expires in 10 days (2026-12-01T05:00:00Z), below warn_days 21 (bound anonymously at ${target} over StartTLS)`,
    ],
    [
      'is down when the certificate expires within critical_days',
      ldaps({}, { notAfter: days(3) }),
      base,
      'down',
      `certificate for ldap.example.org expires in 3 days (2026-11-24T05:00:00Z), below critical_days 7 (bound anonymously at ${target} over ldaps)`,
    ],
    [
      'says it withheld the password from an untrusted server',
      ldaps({ bindWithheld: true, bind: undefined }, { chainError: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' }),
      admin,
      'down',
      'certificate for ldap.example.org is not trusted: issuer Corp CA is not a known authority (unknown CA or missing intermediate certificate) (UNABLE_TO_VERIFY_LEAF_SIGNATURE); did not send the password to bind as cn=admin,dc=example,dc=org',
    ],
    [
      'judges only the dates with verify_tls off',
      ldaps({}, { nameMatches: false, chainError: 'DEPTH_ZERO_SELF_SIGNED_CERT', selfSigned: true }),
      { ...base, verify_tls: false },
      'up',
      `bound anonymously at ${target} over ldaps; certificate for ldap.example.org valid for 60 days (until 2027-01-20T05:00:00Z), issuer Corp CA`,
    ],
  ];
  it.each(cases)('%s', (_name, seen, policy, status, message) => {
    const verdict = judgeLdap(seen, policy, now);
    expect({ status: verdict.status, message: verdict.message }).toEqual({ status, message });
  });

  it('exports the entry count and the certificate days', () => {
    const verdict = judgeLdap(ldaps({ search: { count: 4, sizeLimit: 100 } }), { ...base, search: people }, now);
    expect(verdict.metrics).toEqual({ ldap_entries: 4, tls_days_left: 60, tls_not_after: Math.floor(days(60).getTime() / 1000) });
  });
});

describe('ldapErrorWords', () => {
  const named = (name: string, message: string, code?: number) => Object.assign(new Error(message), { name, ...(code !== undefined && { code }) });
  it.each([
    [
      'names the result and its code when the server gave no diagnostic',
      named('InvalidCredentialsError', 'Code: 0x31', 49),
      'invalid credentials (result code 49)',
    ],
    ["adds the server's diagnostic", named('NoSuchObjectError', 'no such base', 32), 'no such object: no such base (result code 32)'],
    [
      'drops the code ldapts appends to a diagnostic',
      named('ProtocolError', 'unsupported extended operation Code: 0x2', 2),
      'protocol: unsupported extended operation (result code 2)',
    ],
    ["keeps an unnamed result's diagnostic", named('ResultCodeError', 'busy now', 51), 'busy now (result code 51)'],
    ['passes other errors through', new Error('Invalid expression: bad'), 'Invalid expression: bad'],
  ])('%s', (_name, error, words) => {
    expect(ldapErrorWords(error)).toBe(words);
  });
});

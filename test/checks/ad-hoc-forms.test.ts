/** `tocsin check <URL>` forms of the ssh, ldap and domain checks: the URL becomes a validated monitor. */
import { describe, expect, it } from 'vitest';
import { adHocMonitors } from '../../src/cli/ad-hoc.js';

const settingsOf = (url: string) => adHocMonitors(url, 10_000).map((m) => ({ type: m.type, settings: m.settings }));

describe('tocsin check URL forms', () => {
  it('ssh://host checks port 22, and ssh://host:port the port given', () => {
    expect(settingsOf('ssh://git.example.org')).toEqual([{ type: 'ssh', settings: expect.objectContaining({ host: 'git.example.org', port: 22 }) }]);
    expect(settingsOf('ssh://[2001:db8::1]:2222')).toEqual([{ type: 'ssh', settings: expect.objectContaining({ host: '2001:db8::1', port: 2222 }) }]);
  });

  it('ldap:// and ldaps:// URLs bind anonymously to the server named', () => {
    expect(settingsOf('ldaps://ldap.example.org')).toEqual([
      { type: 'ldap', settings: expect.objectContaining({ url: 'ldaps://ldap.example.org', starttls: false }) },
    ]);
    expect(settingsOf('ldap://10.0.0.7:1389')).toEqual([{ type: 'ldap', settings: expect.objectContaining({ url: 'ldap://10.0.0.7:1389' }) }]);
  });

  it('domain://example.org checks the registration of the name', () => {
    expect(settingsOf('domain://example.org')).toEqual([
      { type: 'domain', settings: expect.objectContaining({ domain: 'example.org', warn_days: 30, critical_days: 7 }) },
    ]);
  });

  it('refuses a domain:// URL with a port or a path, and a name that is not a domain', () => {
    expect(() => adHocMonitors('domain://example.org:43', 10_000)).toThrow('a domain:// URL names only the domain, e.g. domain://example.org');
    expect(() => adHocMonitors('domain://localhost', 10_000)).toThrow('cannot check domain://localhost: domain: expected a domain name such as example.org');
  });

  it('names the problem of an ldap URL with a DN', () => {
    expect(() => adHocMonitors('ldap://ldap.example.org/dc=example,dc=org', 10_000)).toThrow(
      'url: expected ldap://host[:port] or ldaps://host[:port], without a DN (put it in search.base)',
    );
  });
});

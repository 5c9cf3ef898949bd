/** Which ssh, ldap and domain monitors reach inside networks (API: admins and editors granted probe_internal only). */
import { describe, expect, it } from 'vitest';
import { parseMonitor } from '../../src/schema/parse-monitor.js';
import { defaultsSchema } from '../../src/schema/system.js';
import { internalReach } from '../../src/services/probe-reach.js';

function monitor(input: Record<string, unknown>) {
  const parsed = parseMonitor({ id: 'm', ...input }, defaultsSchema.parse({}));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.monitor;
}

describe('internal reach of ssh, ldap and domain monitors', () => {
  it.each([
    ['an ssh banner and pinned host key', { type: 'ssh', host: 'git.internal', fingerprint: 'SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s' }],
    ['an anonymous ldap bind over ldaps', { type: 'ldap', url: 'ldaps://ldap.internal' }],
    ['a domain found through the bootstrap file', { type: 'domain', domain: 'example.org' }],
  ])('lets any editor define %s', (_what, input) => {
    expect(internalReach(monitor(input))).toBeUndefined();
  });

  it.each([
    ['an ssh login', { type: 'ssh', host: 'git.internal', username: 'probe', private_key: 'k' }, 'username'],
    ['an ldap bind with a password', { type: 'ldap', url: 'ldap://ldap.internal', bind_dn: 'cn=probe', bind_password: 'p' }, 'bind_password'],
    ['an ldap search', { type: 'ldap', url: 'ldap://ldap.internal', search: { base: 'dc=internal' } }, 'search'],
    ['a domain asked of a chosen rdap_server', { type: 'domain', domain: 'example.org', rdap_server: 'http://10.0.0.5/rdap/' }, 'rdap_server'],
  ])('keeps %s to admins and granted editors, naming the field', (_what, input, field) => {
    expect(internalReach(monitor(input))?.field).toBe(field);
  });
});

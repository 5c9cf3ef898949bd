/** The credentials of ssh and ldap monitors are write-only: API reads show the mask, never the value. */
import { describe, expect, it } from 'vitest';
import { MASK, maskSecrets } from '../../src/channels/mask.js';

describe('ssh and ldap secrets in API reads', () => {
  it('masks the private key and its passphrase, and keeps the fingerprint readable', () => {
    const read = maskSecrets({
      type: 'ssh',
      host: 'git.example.org',
      fingerprint: 'SHA256:x',
      username: 'probe',
      private_key: '-----BEGIN OPENSSH PRIVATE KEY-----',
      passphrase: 'p',
    });
    expect(read).toEqual({ type: 'ssh', host: 'git.example.org', fingerprint: 'SHA256:x', username: 'probe', private_key: MASK, passphrase: MASK });
  });

  it('masks the bind password and keeps the bind DN readable', () => {
    const read = maskSecrets({ type: 'ldap', url: 'ldaps://ldap.example.org', bind_dn: 'cn=probe,dc=example,dc=org', bind_password: 'hunter2' });
    expect(read).toEqual({ type: 'ldap', url: 'ldaps://ldap.example.org', bind_dn: 'cn=probe,dc=example,dc=org', bind_password: MASK });
  });
});

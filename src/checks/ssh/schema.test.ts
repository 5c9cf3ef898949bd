import { describe, expect, it } from 'vitest';
import { sshSettings } from './schema.js';

const problems = (input: Record<string, unknown>) =>
  sshSettings.safeParse({ host: 'git.example.org', ...input }).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);

describe('ssh settings', () => {
  it('defaults to port 22, down on a changed key, no login', () => {
    expect(sshSettings.parse({ host: 'git.example.org' })).toEqual({ host: 'git.example.org', port: 22, on_key_change: 'down' });
  });
  it('accepts the fingerprint ssh-keygen prints, with or without base64 padding', () => {
    const fingerprint = 'SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s';
    expect(sshSettings.parse({ host: 'h', fingerprint: `${fingerprint}=` }).fingerprint).toBe(fingerprint);
  });
  it('names the field and the expected form of a wrong fingerprint', () => {
    expect(problems({ fingerprint: 'MD5:aa:bb' })).toEqual([expect.stringMatching(/^fingerprint: expected a SHA256 host key fingerprint such as SHA256:/)]);
  });
  it('wants username and private_key together', () => {
    expect(problems({ username: 'git' })).toEqual([
      'private_key: expected username and private_key together (to log in) or neither (banner and host key only)',
    ]);
    expect(problems({ passphrase: 'x' })).toEqual(['passphrase: expected passphrase only together with private_key']);
  });
  it('bounds the private key', () => {
    expect(problems({ username: 'git', private_key: 'k'.repeat(16_385) })).toEqual([expect.stringMatching(/^private_key: /)]);
  });
});

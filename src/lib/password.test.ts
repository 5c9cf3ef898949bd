import { describe, expect, it } from 'vitest';
import { checkPasswordPolicy, decoyVerify, hashPassword, verifyPassword } from './password.js';

describe('passwords', () => {
  it('verifies the password it hashed and nothing else', async () => {
    const stored = await hashPassword('correct horse battery');
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(stored).not.toContain('correct horse');
    expect(await verifyPassword('correct horse battery', stored)).toBe(true);
    expect(await verifyPassword('correct horse batter', stored)).toBe(false);
  });

  it('salts every hash, so two people with one password get different hashes', async () => {
    expect(await hashPassword('same password')).not.toBe(await hashPassword('same password'));
  });

  it('refuses malformed stored hashes instead of throwing', async () => {
    expect(await verifyPassword('x', 'plain-text')).toBe(false);
    expect(await decoyVerify('anything')).toBe(false);
  });

  it('names the length rule a short password breaks', () => {
    expect(() => checkPasswordPolicy('short')).toThrow('the password is 5 characters long; use at least 10');
    expect(() => checkPasswordPolicy('long enough now')).not.toThrow();
  });
});

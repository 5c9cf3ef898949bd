/**
 * Password hashing with scrypt (no native argon2 package is installed). N=2^15, r=8, p=1 is the
 * OWASP-recommended minimum: ~100 ms and 32 MiB per hash, cheap for one login, dear for a guesser.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { TocsinError } from './errors.js';

const PARAMS = { N: 2 ** 15, r: 8, p: 1 };
const KEY_LENGTH = 32;
export const MIN_PASSWORD_LENGTH = 10;
/** scrypt's memory is 128·N·r bytes, exactly Node's default cap at these parameters: leave room. */
const MAX_MEMORY = 64 * 1024 * 1024;

function derive(password: string, salt: Buffer, params: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { ...params, maxmem: MAX_MEMORY };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEY_LENGTH, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/** "scrypt$N$r$p$salt$hash", so stronger parameters later still verify old hashes. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, PARAMS);
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await derive(password, Buffer.from(salt, 'base64'), { N: Number(n), r: Number(r), p: Number(p) });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Spent on unknown emails, so the time a login takes does not tell which emails have accounts. */
let decoy: Promise<string> | undefined;
export async function decoyVerify(password: string): Promise<false> {
  decoy ??= hashPassword('decoy password never matched');
  await verifyPassword(password, await decoy);
  return false;
}

export function checkPasswordPolicy(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new TocsinError('invalid_input', `the password is ${password.length} characters long; use at least ${MIN_PASSWORD_LENGTH}`, {
      field: 'password',
      expected: `at least ${MIN_PASSWORD_LENGTH} characters`,
    });
  }
  if (password.length > 1024) {
    throw new TocsinError('invalid_input', 'the password is longer than 1024 characters', { field: 'password', expected: 'at most 1024 characters' });
  }
}

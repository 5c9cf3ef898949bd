import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, hotp, otpauthUri, totp, verifyTotp, type TotpAlgorithm } from './totp.js';

const ascii = (text: string) => Buffer.from(text, 'ascii');
// RFC 6238 appendix B uses a key of the hash's own length for each algorithm.
const KEYS: Record<TotpAlgorithm, Buffer> = {
  sha1: ascii('12345678901234567890'),
  sha256: ascii('12345678901234567890123456789012'),
  sha512: ascii('1234567890123456789012345678901234567890123456789012345678901234'),
};

describe('RFC 6238 test vectors', () => {
  it.each([
    [59, '94287082', '46119246', '90693936'],
    [1111111109, '07081804', '68084774', '25091201'],
    [1111111111, '14050471', '67062674', '99943326'],
    [1234567890, '89005924', '91819424', '93441116'],
    [2000000000, '69279037', '90698825', '38618901'],
    [20000000000, '65353130', '77737706', '47863826'],
  ])('at %i s gives the codes of the RFC', (seconds, sha1, sha256, sha512) => {
    const at = seconds * 1000;
    expect(totp(KEYS.sha1, at, { digits: 8, algorithm: 'sha1' })).toBe(sha1);
    expect(totp(KEYS.sha256, at, { digits: 8, algorithm: 'sha256' })).toBe(sha256);
    expect(totp(KEYS.sha512, at, { digits: 8, algorithm: 'sha512' })).toBe(sha512);
  });
});

describe('RFC 4226 test vectors', () => {
  it('gives the ten HOTP values of appendix D', () => {
    const codes = Array.from({ length: 10 }, (_, counter) => hotp(KEYS.sha1, counter));
    expect(codes).toEqual(['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489']);
  });
});

describe('verifyTotp', () => {
  const key = KEYS.sha1;
  const now = 1_700_000_000_000;
  const step = Math.floor(now / 30_000);

  it('accepts the current code and those one step either side, and says which step matched', () => {
    expect(verifyTotp(key, totp(key, now), now)).toBe(step);
    expect(verifyTotp(key, totp(key, now - 30_000), now)).toBe(step - 1);
    expect(verifyTotp(key, totp(key, now + 30_000), now)).toBe(step + 1);
  });

  it('refuses codes two steps away, malformed input, and a step already used', () => {
    expect(verifyTotp(key, totp(key, now - 60_000), now)).toBeUndefined();
    expect(verifyTotp(key, '12345', now)).toBeUndefined();
    expect(verifyTotp(key, 'abcdef', now)).toBeUndefined();
    expect(verifyTotp(key, totp(key, now), now, { usedStep: step })).toBeUndefined();
    expect(verifyTotp(key, totp(key, now), now, { usedStep: step - 1 })).toBe(step);
  });

  it('ignores the spaces people type in the middle of a code', () => {
    const code = totp(key, now);
    expect(verifyTotp(key, `${code.slice(0, 3)} ${code.slice(3)}`, now)).toBe(step);
  });
});

describe('base32', () => {
  it.each([
    ['', ''],
    ['f', 'MY'],
    ['fo', 'MZXQ'],
    ['foo', 'MZXW6'],
    ['foob', 'MZXW6YQ'],
    ['fooba', 'MZXW6YTB'],
    ['foobar', 'MZXW6YTBOI'],
  ])('encodes "%s" as the RFC 4648 vector %s (unpadded) and back', (text, encoded) => {
    expect(base32Encode(ascii(text))).toBe(encoded);
    expect(Buffer.from(base32Decode(encoded)).toString('ascii')).toBe(text);
  });

  it('decodes lower case with padding and spaces, and names a bad character', () => {
    expect(Buffer.from(base32Decode('mzxw 6ytb oi======')).toString('ascii')).toBe('foobar');
    expect(() => base32Decode('MZ1')).toThrow('"1" is not a base32 character');
  });
});

describe('otpauthUri', () => {
  it('names the issuer and account and carries the key in base32', () => {
    const uri = otpauthUri({ key: ascii('12345678901234567890'), account: 'ana@example.org', issuer: 'tocsin' });
    expect(uri).toBe('otpauth://totp/tocsin:ana%40example.org?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=tocsin&algorithm=SHA1&digits=6&period=30');
  });
});

/**
 * RFC 6238 time-based one-time passwords (on RFC 4226 HOTP), pure: the key and the time are inputs.
 * node:crypto is allowed here for its HMAC only; nothing reads the clock or does I/O.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export type TotpAlgorithm = 'sha1' | 'sha256' | 'sha512';

export interface TotpOptions {
  /** Seconds per step; 30 is what every authenticator app assumes. */
  step?: number;
  digits?: number;
  algorithm?: TotpAlgorithm;
}

/** RFC 4226 §5.3: HMAC of the 8-byte big-endian counter, dynamically truncated to `digits`. */
export function hotp(key: Uint8Array, counter: number, digits = 6, algorithm: TotpAlgorithm = 'sha1'): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac(algorithm, key).update(message).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

export function totpStep(timeMs: number, step = 30): number {
  return Math.floor(timeMs / 1000 / step);
}

export function totp(key: Uint8Array, timeMs: number, options: TotpOptions = {}): string {
  return hotp(key, totpStep(timeMs, options.step), options.digits, options.algorithm);
}

/**
 * The step whose code matches, or undefined. One step either side is accepted because phone clocks
 * drift and people type slowly; steps at or before `usedStep` are refused so a code works once.
 */
export function verifyTotp(
  key: Uint8Array,
  code: string,
  timeMs: number,
  options: TotpOptions & { window?: number; usedStep?: number | null } = {},
): number | undefined {
  const digits = options.digits ?? 6;
  const typed = code.replace(/\s/g, '');
  if (!new RegExp(`^\\d{${digits}}$`).test(typed)) return undefined;
  const now = totpStep(timeMs, options.step);
  const window = options.window ?? 1;
  let matched: number | undefined;
  // Every candidate is computed and compared, so the time taken does not say which one matched.
  for (let step = now - window; step <= now + window; step++) {
    const expected = hotp(key, step, digits, options.algorithm);
    if (timingSafeEqual(Buffer.from(expected), Buffer.from(typed)) && matched === undefined) matched = step;
  }
  if (matched === undefined) return undefined;
  return options.usedStep !== undefined && options.usedStep !== null && matched <= options.usedStep ? undefined : matched;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 without padding, as authenticator apps expect keys. */
export function base32Encode(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

export function base32Decode(text: string): Uint8Array {
  const clean = text.toUpperCase().replace(/[\s=]/g, '');
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const char of clean) {
    const index = ALPHABET.indexOf(char);
    if (index < 0) throw new Error(`"${char}" is not a base32 character`);
    value = ((value << 5) | index) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Uint8Array.from(out);
}

/** The otpauth:// URI an authenticator app reads from a QR code (Google Authenticator's key URI format). */
export function otpauthUri(options: { key: Uint8Array; account: string; issuer: string }): string {
  const label = `${encodeURIComponent(options.issuer)}:${encodeURIComponent(options.account)}`;
  const params = new URLSearchParams({ secret: base32Encode(options.key), issuer: options.issuer, algorithm: 'SHA1', digits: '6', period: '30' });
  return `otpauth://totp/${label}?${params.toString()}`;
}

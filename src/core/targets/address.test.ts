import { isIP } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contains, formatAddress, formatCidr, parseAddress, parseCidr } from './address.js';

const cidr = (text: string) => {
  const parsed = parseCidr(text);
  if (!parsed?.ok) throw new Error(`not a range: ${text}`);
  return parsed.cidr;
};
const address = (text: string) => parseAddress(text)!;

describe('parseAddress', () => {
  const cases: [string, string | undefined][] = [
    ['127.0.0.1', '127.0.0.1'],
    ['0.0.0.0', '0.0.0.0'],
    ['255.255.255.255', '255.255.255.255'],
    ['::1', '::1'],
    ['[::1]', '::1'],
    ['::', '::'],
    ['FE80::1%eth0', 'fe80::1'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
    ['::ffff:127.0.0.1', '127.0.0.1'],
    ['::ffff:7f00:1', '127.0.0.1'],
    ['64:ff9b::192.0.2.1', '64:ff9b::c000:201'],
    ['1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7:8'],
    ['1::', '1::'],
    // Exotic IPv4 spellings are names to resolve, never addresses to compare.
    ['127.1', undefined],
    ['0x7f.0.0.1', undefined],
    ['2130706433', undefined],
    ['01.2.3.4', undefined],
    ['256.0.0.1', undefined],
    ['1:2:3:4:5:6:7:8:9', undefined],
    ['1::2::3', undefined],
    ['1.2.3.4::', undefined],
    ['12345::', undefined],
    [':1', undefined],
    ['localhost', undefined],
    ['', undefined],
  ];
  it.each(cases)('reads %j as %j', (text, expected) => {
    const parsed = parseAddress(text);
    expect(parsed && formatAddress(parsed)).toBe(expected);
  });

  it('reads every IPv6 address the way Node and the URL parser write it', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }), (value) => {
        const canonical = new URL(`http://[${formatAddress({ family: 6, value })}]/`).hostname.slice(1, -1);
        expect(isIP(canonical)).toBe(6);
        const parsed = parseAddress(canonical)!;
        if (value >> 32n === 0xffffn) expect(parsed).toEqual({ family: 4, value: value & 0xffffffffn });
        else expect(formatAddress(parsed)).toBe(canonical);
      }),
    );
  });
});

describe('parseCidr', () => {
  const cases: [string, string][] = [
    ['10.0.0.0/8', '10.0.0.0/8'],
    ['10.1.2.3', '10.1.2.3/32'],
    ['0.0.0.0/0', '0.0.0.0/0'],
    ['fd00::/8', 'fd00::/8'],
    ['::1', '::1/128'],
    ['[fe80::]/10', 'fe80::/10'],
    ['::ffff:10.0.0.0/104', '10.0.0.0/8'],
  ];
  it.each(cases)('reads %s as %s', (text, expected) => expect(formatCidr(cidr(text))).toBe(expected));

  it('names the mistake in a range with bits set after its prefix, or a prefix out of bounds', () => {
    expect(parseCidr('10.1.2.3/8')).toEqual({ ok: false, problem: '10.1.2.3/8 has bits set after its /8 prefix; did you mean 10.0.0.0/8?' });
    expect(parseCidr('10.0.0.0/33')).toEqual({ ok: false, problem: '10.0.0.0/33: expected a prefix length between 0 and 32' });
    expect(parseCidr('fd00::/x')).toEqual({ ok: false, problem: 'fd00::/x: expected a prefix length between 0 and 128' });
  });

  it('is not a range when the address part is not an address', () => {
    expect(parseCidr('db.internal')).toBeUndefined();
    expect(parseCidr('10.0.0.0/8/8')).toBeUndefined();
  });
});

describe('contains', () => {
  const cases: [string, string, boolean][] = [
    ['127.0.0.0/8', '127.0.0.1', true],
    ['127.0.0.0/8', '127.255.255.255', true],
    ['127.0.0.0/8', '128.0.0.0', false],
    ['127.0.0.0/8', '::ffff:127.0.0.1', true],
    ['10.0.0.5', '10.0.0.5', true],
    ['10.0.0.5', '10.0.0.6', false],
    ['0.0.0.0/0', '8.8.8.8', true],
    ['0.0.0.0/0', '::1', false],
    ['::/0', '8.8.8.8', false],
    ['fc00::/7', 'fd12:3456::1', true],
    ['fc00::/7', 'fe00::1', false],
    ['::1/128', '::1', true],
    ['::1/128', '::2', false],
  ];
  it.each(cases)('%s contains %s: %s', (range, ip, expected) => expect(contains(cidr(range), address(ip))).toBe(expected));
});

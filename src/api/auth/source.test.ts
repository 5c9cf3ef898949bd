import { describe, expect, it } from 'vitest';
import { sourceOf } from './source.js';

describe('sourceOf', () => {
  it.each([
    ['192.0.2.7', '192.0.2.7'],
    ['::ffff:192.0.2.7', '192.0.2.7'],
    ['2001:db8:0:1:aaaa:bbbb:cccc:dddd', '2001:db8:0:1::/64'],
    ['2001:0db8:0000:0001::1', '2001:db8:0:1::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['not an address', 'not an address'],
  ])('counts %s as %s', (ip, expected) => {
    expect(sourceOf(ip)).toBe(expected);
  });

  it('counts two addresses of one /64 as one source, and of two /64s as two', () => {
    expect(sourceOf('2001:db8:1:2::a')).toBe(sourceOf('2001:db8:1:2:ffff::1'));
    expect(sourceOf('2001:db8:1:2::a')).not.toBe(sourceOf('2001:db8:1:3::a'));
  });
});

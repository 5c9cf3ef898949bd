import { describe, expect, it } from 'vitest';
import { shareCommonParts } from './shared-parts.js';

const monitor = (id: string, url: string) => ({
  id,
  tags: [] as string[],
  depends_on: [] as string[],
  alert: { down_after: 2, up_after: 1, unknown: 'notify' },
  settings: { url, headers: {}, expect: { status: [200] } },
});

describe('shareCommonParts', () => {
  it('points monitors with equal plain-data fields at one frozen copy and keeps their values', () => {
    const a = monitor('a', 'http://a');
    const b = monitor('b', 'http://b');
    shareCommonParts([a, b]);
    expect(b).toEqual(monitor('b', 'http://b'));
    expect(b.alert).toBe(a.alert);
    expect(b.tags).toBe(a.tags);
    expect(b.settings.headers).toBe(a.settings.headers);
    expect(b.settings.expect).toBe(a.settings.expect);
    expect(b.settings).not.toBe(a.settings);
    expect(Object.isFrozen(a.settings.expect.status)).toBe(true);
    expect(() => a.tags.push('x')).toThrow(TypeError);
  });

  it('keeps different values apart', () => {
    const a = monitor('a', 'http://a');
    const b = { ...monitor('b', 'http://b'), alert: { down_after: 3, up_after: 1, unknown: 'notify' } };
    shareCommonParts([a, b]);
    expect(b.alert).not.toBe(a.alert);
    expect(b.alert.down_after).toBe(3);
  });

  it('leaves alone what is not plain data: a RegExp or Date is not its JSON', () => {
    const a = { id: 'a', match: /x/, at: new Date(0), maybe: { value: undefined } };
    const b = { id: 'b', match: /y/, at: new Date(0), maybe: { value: undefined } };
    shareCommonParts([a, b]);
    expect(b.match.source).toBe('y');
    expect(b.at).not.toBe(a.at);
    expect(b.maybe).not.toBe(a.maybe);
    expect(Object.isFrozen(a.match)).toBe(false);
  });

  it('shares again across calls (a reload) with what an earlier call froze', () => {
    const a = monitor('a', 'http://a');
    const c = monitor('c', 'http://c');
    shareCommonParts([a]);
    shareCommonParts([a, c]);
    expect(c.alert).toBe(a.alert);
  });
});

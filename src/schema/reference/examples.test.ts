import { describe, expect, it } from 'vitest';
import { inline } from './examples.js';

describe('inline', () => {
  it('spells maps and lists in YAML flow style', () => {
    expect(inline({ path: '$.status', equals: 'ok' })).toBe('{path: "$.status", equals: "ok"}');
    expect(inline([200, 301])).toBe('[200, 301]');
    expect(inline({ 'X-Source': 'tocsin' })).toBe('{"X-Source": "tocsin"}');
  });

  it('leaves commas and colons inside strings as written', () => {
    expect(inline({ base: 'ou=people,dc=example,dc=edu' })).toBe('{base: "ou=people,dc=example,dc=edu"}');
    expect(inline(['a,b', '"k":v'])).toBe('["a,b", "\\"k\\":v"]');
  });

  it('shows a plain string as written and shortens a long value', () => {
    expect(inline('ou=people,dc=example')).toBe('ou=people,dc=example');
    expect(inline('x'.repeat(80))).toBe(`${'x'.repeat(59)}…`);
  });
});

import { describe, expect, it } from 'vitest';
import { PATTERN_MAX_LENGTH, compilePattern, patternProblem } from './pattern.js';

describe('patternProblem', () => {
  it.each(['v\\d+\\.', '^ok$', '(?i)healthy', '"status":\\s*"up"', '\\p{L}+'])('accepts the RE2 pattern %s', (source) => {
    expect(patternProblem(source)).toBeUndefined();
  });

  it.each([
    ['a backreference', '(a)\\1', 'invalid escape sequence: `\\1`'],
    ['a lookahead', 'a(?=b)', 'invalid or unsupported Perl syntax: `(?=`'],
    ['a lookbehind', '(?<!x)y', 'invalid named capture: `(?<!x)y`'],
    ['an unclosed class', '[a', 'missing closing ]: `[a`'],
  ])('refuses %s, saying what RE2 does not support', (_what, source, reason) => {
    expect(patternProblem(source)).toBe(`expected a regular expression in RE2 syntax (no backreferences or lookaround): ${reason}`);
  });

  it('refuses a pattern longer than the bound', () => {
    expect(patternProblem('a'.repeat(PATTERN_MAX_LENGTH + 1))).toBe(
      `expected a regular expression of at most ${PATTERN_MAX_LENGTH} characters, got ${PATTERN_MAX_LENGTH + 1}`,
    );
  });
});

describe('compilePattern', () => {
  it('matches (a+)+b against a megabyte of a in linear time', () => {
    const started = performance.now();
    expect(compilePattern('(a+)+b').test('a'.repeat(1 << 20))).toBe(false);
    expect(compilePattern('(a+)+b').test(`${'a'.repeat(30)}b`)).toBe(true);
    // A backtracking engine takes seconds for 30 a's and longer than the universe for a megabyte.
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('throws the same problem the schema reports', () => {
    expect(() => compilePattern('(a)\\1')).toThrow(patternProblem('(a)\\1'));
  });
});

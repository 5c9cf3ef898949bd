import { describe, expect, test } from 'vitest';
import { VALUE_SHOWN, asNumber, formatValue, valueProblem } from './value.js';

describe('valueProblem', () => {
  test.each([
    ['no expectation accepts anything', true, 'x', undefined, undefined],
    ['an empty expectation accepts no rows', false, undefined, {}, undefined],
    ['a number equals a numeric string', true, '1', { equals: 1 }, undefined],
    ['a boolean equals postgres t', true, 't', { equals: true }, undefined],
    ['a boolean equals mysql 0', true, 0, { equals: false }, undefined],
    ['a string equals a string', true, 'ok', { equals: 'ok' }, undefined],
    ['a value within both bounds passes', true, 150, { min_value: 100, max_value: 180 }, undefined],
    ['a value equal to max_value passes', true, 180, { max_value: 180 }, undefined],
    ['no rows fail an expectation', false, undefined, { equals: 1 }, 'query returned no rows, expected a value to compare'],
    ['a different number fails equals', true, 3, { equals: 1 }, 'query returned 3, expected 1'],
    ['a different string fails equals', true, 'bad', { equals: 'ok' }, 'query returned "bad", expected "ok"'],
    ['NULL fails a string equals', true, null, { equals: 'null' }, 'query returned NULL, expected "null"'],
    ['a value above max_value fails', true, 193, { max_value: 180 }, 'query returned 193, above max_value 180'],
    ['a bigint string above max_value fails', true, '193', { max_value: 180 }, 'query returned 193, above max_value 180'],
    ['a value below min_value fails', true, 2, { min_value: 5 }, 'query returned 2, below min_value 5'],
    ['text cannot be compared with max_value', true, 'abc', { max_value: 1 }, 'query returned "abc", not a number to compare with max_value 1'],
    ['NULL cannot be compared with min_value', true, null, { min_value: 1 }, 'query returned NULL, not a number to compare with min_value 1'],
  ] as const)('%s', (_name, hasRow, value, expectation, problem) => {
    expect(valueProblem(hasRow, value, expectation)).toBe(problem);
  });
});

describe('asNumber', () => {
  test.each([
    [1, 1],
    ['42', 42],
    [' -1.5e3 ', -1500],
    ['.5', 0.5],
    [10n, 10],
    ['12abc', undefined],
    ['', undefined],
    [Number.NaN, undefined],
    [true, undefined],
    [null, undefined],
  ] as const)('reads %o as %o', (value, number) => {
    expect(asNumber(value)).toBe(number);
  });
});

describe('formatValue', () => {
  test.each([
    [null, 'NULL'],
    [true, 'true'],
    ['410', '410'],
    ['hello', '"hello"'],
    [new Date('2024-01-02T03:04:05Z'), '2024-01-02T03:04:05.000Z'],
    [Buffer.from('abc'), '<3 bytes>'],
    ['x'.repeat(100), `"${'x'.repeat(80)}…"`],
  ] as const)('shows %o as %s', (value, text) => {
    expect(formatValue(value)).toBe(text);
  });

  test('shows at most VALUE_SHOWN characters of a whole row returned as one json value', () => {
    const row = { id: 'u1', email: 'admin@example.org', role: 'admin', password_hash: `scrypt$${'f'.repeat(120)}` };
    const shown = formatValue(row);
    expect(shown).toHaveLength(VALUE_SHOWN);
    expect(shown.endsWith('…')).toBe(true);
  });
});

import type { z } from 'zod';
import { clip } from '../../lib/text.js';
import type { valueExpectation } from '../postgres/schema.js';

export type ValueExpectation = z.infer<typeof valueExpectation>;

/**
 * Judging the first column of the first row against `equals`, `max_value`
 * and `min_value`. Drivers hand back numbers, numeric strings (bigint,
 * numeric), booleans or 't'/'f', dates and buffers; all are compared the way a
 * person reading the config would expect.
 */

/** The value as a number when it is one (including numeric strings), else undefined. */
export function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string' && /^\s*[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?\s*$/i.test(value)) return Number(value);
  return undefined;
}

/**
 * At most this many characters of a value reach a message: a probe reports the value it judged,
 * never the content of a table (a json column or row_to_json() would otherwise print whole rows).
 */
export const VALUE_SHOWN = 80;

/** How a value reads in a message: numbers bare, strings quoted, NULL as NULL; cut to VALUE_SHOWN. */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return clip(String(value), VALUE_SHOWN);
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return `<${value.length} bytes>`;
  // bigint and numeric columns arrive as strings; they read as the numbers they are.
  if (typeof value === 'string' && asNumber(value) !== undefined) return clip(value.trim(), VALUE_SHOWN);
  if (typeof value === 'string') return JSON.stringify(clip(value, VALUE_SHOWN + 1));
  return clip(JSON.stringify(value) ?? String(value), VALUE_SHOWN);
}

function asBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 1 || value === 0) return value === 1;
  if (typeof value === 'string') {
    const text = value.trim().toLowerCase();
    if (['t', 'true', '1', 'yes', 'on'].includes(text)) return true;
    if (['f', 'false', '0', 'no', 'off'].includes(text)) return false;
  }
  return undefined;
}

function matches(value: unknown, expected: string | number | boolean): boolean {
  if (typeof expected === 'number') return asNumber(value) === expected;
  if (typeof expected === 'boolean') return asBoolean(value) === expected;
  return value !== null && value !== undefined && String(value) === expected;
}

/** The first thing wrong with `value`, or undefined when every expectation holds. */
export function valueProblem(hasRow: boolean, value: unknown, expect: ValueExpectation | undefined): string | undefined {
  if (!expect || (expect.equals === undefined && expect.max_value === undefined && expect.min_value === undefined)) return undefined;
  if (!hasRow) return 'query returned no rows, expected a value to compare';
  const shown = formatValue(value);
  if (expect.equals !== undefined && !matches(value, expect.equals)) {
    return `query returned ${shown}, expected ${formatValue(expect.equals)}`;
  }
  if (expect.max_value === undefined && expect.min_value === undefined) return undefined;
  const number = asNumber(value);
  const bound = expect.max_value !== undefined ? `max_value ${expect.max_value}` : `min_value ${expect.min_value}`;
  if (number === undefined) return `query returned ${shown}, not a number to compare with ${bound}`;
  if (expect.max_value !== undefined && number > expect.max_value) return `query returned ${shown}, above max_value ${expect.max_value}`;
  if (expect.min_value !== undefined && number < expect.min_value) return `query returned ${shown}, below min_value ${expect.min_value}`;
  return undefined;
}

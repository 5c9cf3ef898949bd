/** Zod issues in words a person can act on, and as problems with a readable path. */
import { z } from 'zod';
import { isRecord } from './draft.js';
import { didYouMean } from './suggest.js';

export interface SchemaProblem {
  /** `monitors[3].timeout`; empty for the whole document. */
  path: string;
  /** The same path as segments, to find the YAML node. */
  at: (string | number)[];
  message: string;
  /** The problem is the key itself (an unknown key), not its value. */
  onKey?: boolean;
}

type RawIssue = z.core.$ZodRawIssue;

const NOUNS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'a mapping (key: value)',
  record: 'a mapping (key: value)',
  array: 'a list',
  null: 'nothing (null)',
};

function describe(input: unknown): string {
  if (input === null || input === undefined) return 'nothing';
  if (Array.isArray(input)) return 'a list';
  if (typeof input === 'object') return 'a mapping';
  if (typeof input === 'string') return 'text';
  if (typeof input === 'boolean') return 'true/false';
  return `a ${typeof input}`;
}

const showValue = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

/** Passed to every safeParse; schemas' own messages win over these. */
export const friendlyError: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type': {
      const expected = NOUNS[issue.expected] ?? `a ${issue.expected}`;
      return issue.input === undefined ? `missing; expected ${expected}` : `expected ${expected}, got ${describe(issue.input)}`;
    }
    case 'too_small':
      return tooSmall(issue);
    case 'too_big':
      return tooBig(issue);
    case 'invalid_value':
      return issue.values.length === 1 ? `expected ${showValue(issue.values[0])}` : `expected one of ${issue.values.map(showValue).join(', ')}`;
    case 'invalid_union':
      return invalidUnion(issue);
    case 'invalid_format':
      return issue.format === 'url' ? 'expected a URL such as https://example.org/' : `expected a valid ${issue.format}`;
    case 'unrecognized_keys':
      return unknownKeys(issue.keys, issue.inst);
    case 'invalid_key':
      return `invalid key \`${String(issue.input)}\`: ${issue.issues[0]?.message ?? 'not allowed here'}`;
    default:
      return undefined;
  }
};

function tooSmall(issue: Extract<RawIssue, { code: 'too_small' }>): string {
  const min = Number(issue.minimum);
  if (issue.origin === 'string') return min <= 1 ? 'expected a non-empty value' : `expected at least ${min} characters`;
  if (issue.origin === 'array' || issue.origin === 'set') {
    const got = Array.isArray(issue.input) ? `, got ${issue.input.length}` : '';
    return `expected at least ${min} item${min === 1 ? '' : 's'}${got}`;
  }
  return `expected ${issue.inclusive ? 'at least' : 'more than'} ${min}, got ${showValue(issue.input)}`;
}

function tooBig(issue: Extract<RawIssue, { code: 'too_big' }>): string {
  const max = Number(issue.maximum);
  if (issue.origin === 'string') return `expected at most ${max} characters`;
  if (issue.origin === 'array' || issue.origin === 'set') return `expected at most ${max} item${max === 1 ? '' : 's'}`;
  return `expected ${issue.inclusive ? 'at most' : 'less than'} ${max}, got ${showValue(issue.input)}`;
}

function invalidUnion(issue: Extract<RawIssue, { code: 'invalid_union' }>): string | undefined {
  const key = issue.discriminator;
  const missing = issue.input === undefined || (key !== undefined && isRecord(issue.input) && issue.input[key] === undefined);
  const options: unknown = 'options' in issue ? issue.options : undefined;
  if (Array.isArray(options) && options.length > 0) return `${missing ? 'missing; ' : ''}expected one of ${options.map(String).join(', ')}`;
  return missing ? 'missing' : undefined;
}

/** One line per key (split again by issuesToProblems), each with the closest known key. */
function unknownKeys(keys: string[], inst: RawIssue['inst']): string {
  const known = inst instanceof z.core.$ZodObject ? Object.keys(inst._zod.def.shape) : [];
  return keys.map((key) => `unknown key \`${printable(key)}\`${didYouMean(key, known)}`).join('\n');
}

const printable = (key: string) => key.replace(/[\u0000-\u001f`]/g, '?');

export function formatPath(at: readonly (string | number)[]): string {
  return at
    .map((segment, index) => {
      if (typeof segment === 'number') return `[${segment}]`;
      if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(segment)) return index === 0 ? segment : `.${segment}`;
      return `[${JSON.stringify(segment)}]`;
    })
    .join('');
}

export function issuesToProblems(issues: readonly z.core.$ZodIssue[]): SchemaProblem[] {
  return issues.flatMap((issue): SchemaProblem[] => {
    const at = issue.path.map((segment) => (typeof segment === 'number' ? segment : String(segment)));
    if (issue.code !== 'unrecognized_keys') return [{ path: formatPath(at), at, message: issue.message }];
    const lines = issue.message.split('\n');
    return issue.keys.map((key, index) => {
      const keyAt = [...at, key];
      return { path: formatPath(keyAt), at: keyAt, message: lines[index] ?? issue.message, onKey: true };
    });
  });
}

/** Example values for the reference, taken from the configs in examples/ so they are real and valid. */
import type { Step } from './walk.js';
import { isRecord } from '../../lib/is-record.js';

/** Every value a config holds at the end of `lookup` (lists and maps walked into, variants filtered). */
export function valuesAt(config: unknown, lookup: Step[]): unknown[] {
  let current: unknown[] = [config];
  for (const step of lookup) {
    current = current.flatMap((value) => follow(value, step));
  }
  return current.filter((value) => value !== undefined && value !== null);
}

function follow(value: unknown, step: Step): unknown[] {
  if ('field' in step) return isRecord(value) && step.field in value ? [value[step.field]] : [];
  if ('where' in step) return isRecord(value) && value[step.where] === step.is ? [value] : [];
  if (step.each === 'item') return Array.isArray(value) ? value : [];
  return isRecord(value) ? Object.values(value) : [];
}

/** A short inline spelling, as it would be written in YAML flow style. */
export function inline(value: unknown, limit = 60): string {
  // A string is shown as written, unless control characters or edge spaces need YAML's quotes.
  const plain = typeof value === 'string' && !/[\x00-\x1f]|^\s|\s$/.test(value);
  const text = plain ? value : flow(value);
  return text.length > limit ? `${text.slice(0, limit - 1)}…` : text;
}

/** YAML flow style built item by item, so commas and colons inside strings are left as written. */
function flow(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(flow).join(', ')}]`;
  if (isRecord(value)) {
    const pairs = Object.entries(value).map(([key, item]) => `${/^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? key : JSON.stringify(key)}: ${flow(item)}`);
    return `{${pairs.join(', ')}}`;
  }
  return JSON.stringify(value) ?? String(value);
}

/** When no example config uses a key: a value of its kind, so every row shows how it is written. */
export function exampleOfType(type: string): string | undefined {
  const kinds: Record<string, string> = {
    duration: '30s',
    size: '64MB',
    id: 'web-frontend',
    URL: 'https://example.org/',
    boolean: 'true',
    integer: '3',
    number: '2.5',
    'date-time': '2026-12-05T02:00:00Z',
  };
  if (kinds[type]) return kinds[type];
  const first = /^("[^"]*"|\d+)/.exec(type)?.[1];
  if (first) return first.replace(/^"|"$/g, '');
  const list = /^list of (\S+)$/.exec(type)?.[1];
  const item = list && exampleOfType(list);
  return item ? `[${item}]` : undefined;
}

/**
 * Cross-field checks run even when some fields failed to parse, so that every problem is
 * reported at once. They therefore read the partly parsed value through these guards.
 */
import { isRecord } from '../lib/is-record.js';

export type Path = (string | number)[];
export type Report = (path: Path, message: string) => void;

export type Draft = Record<string, unknown>;

export { isRecord };

export function record(value: unknown): Draft {
  return isRecord(value) ? value : {};
}

export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** Reports each string in `value[i]` that is not in `known`, with the closest known spelling. */
export function checkRefs(
  refs: unknown,
  at: Path,
  known: ReadonlySet<string>,
  what: string,
  report: Report,
  suggest: (word: string, known: Iterable<string>) => string,
): void {
  list(refs).forEach((ref, index) => {
    if (typeof ref === 'string' && !known.has(ref)) report([...at, index], `no ${what} has the id \`${ref}\`${suggest(ref, known)}`);
  });
}

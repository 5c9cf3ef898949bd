/**
 * User-supplied regular expressions, compiled by RE2 (re2js): matching takes time linear in the
 * input, so no pattern can hold the event loop the way `(a+)+b` holds a backtracking engine. The
 * schema validates with the same compiler the check evaluates with, so what validates evaluates.
 * No node:* imports: the web UI validates with the same schemas.
 */
import { RE2JS } from 're2js';

/** Longer patterns are refused: compiling is linear in the pattern too, but a bound is a bound. */
export const PATTERN_MAX_LENGTH = 1000;

/** Compiled patterns by source; a monitor runs the same one every interval. Cleared when full. */
const compiled = new Map<string, RE2JS>();
const CACHE_SIZE = 500;

/** The compiled pattern; throws an Error saying what RE2 refused (the message of `patternProblem`). */
export function compilePattern(source: string): RE2JS {
  const cached = compiled.get(source);
  if (cached) return cached;
  const problem = patternProblem(source);
  if (problem) throw new Error(problem);
  if (compiled.size >= CACHE_SIZE) compiled.clear();
  const pattern = RE2JS.compile(source);
  compiled.set(source, pattern);
  return pattern;
}

/** Why `source` is not a pattern tocsin runs, or undefined when it is one. */
export function patternProblem(source: string): string | undefined {
  if (source.length > PATTERN_MAX_LENGTH) return `expected a regular expression of at most ${PATTERN_MAX_LENGTH} characters, got ${source.length}`;
  try {
    RE2JS.compile(source);
    return undefined;
  } catch (error) {
    const reason = (error as Error).message.replace(/^error parsing regexp: /, '');
    return `expected a regular expression in RE2 syntax (no backreferences or lookaround): ${reason}`;
  }
}

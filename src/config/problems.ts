/** What is wrong with a config file, where, in one line each. */
import type { Substitution } from './interpolate.js';

export interface ConfigProblem {
  file: string;
  line?: number;
  column?: number;
  /** `monitors[3].timeout`; empty when the problem is not about one field (a syntax error). */
  path: string;
  message: string;
}

/** "2 problems in tocsin.yaml:" then `tocsin.yaml:42:5 monitors[3].timeout: expected …` per problem. */
export function formatProblems(problems: readonly ConfigProblem[]): string {
  const files = [...new Set(problems.map((problem) => problem.file))].join(', ');
  const head = `${problems.length} ${problems.length === 1 ? 'problem' : 'problems'} in ${files || 'the config'}:`;
  return [head, ...problems.map(formatProblem)].join('\n');
}

export function formatProblem(problem: ConfigProblem): string {
  const where = problem.line === undefined ? problem.file : `${problem.file}:${problem.line}:${problem.column ?? 1}`;
  return problem.path ? `${where} ${problem.path}: ${problem.message}` : `${where}: ${problem.message}`;
}

/** Problems in file order; those without a line (from the environment) last. */
export function sortProblems(problems: ConfigProblem[]): ConfigProblem[] {
  const key = (problem: ConfigProblem) => (problem.line ?? Infinity) * 10_000 + (problem.column ?? 0);
  return problems
    .map((problem, index) => ({ problem, index }))
    .sort((a, b) => key(a.problem) - key(b.problem) || a.index - b.index)
    .map(({ problem }) => problem);
}

/**
 * Messages may quote a value; when that value came from the environment it may be a secret,
 * so it is shown as written in the file (`${PAGERDUTY_KEY}`) instead.
 */
export function redact(message: string, path: string, substitutions: readonly Substitution[], pathOf: (at: Substitution['at']) => string): string {
  let safe = message;
  for (const { at, raw, value } of substitutions) {
    if (value === '') continue;
    const own = pathOf(at);
    const about = path === own || path.startsWith(`${own}.`) || path.startsWith(`${own}[`);
    safe = about && value.length >= 3 ? safe.split(value).join(raw) : safe.split(`\`${value}\``).join(`\`${raw}\``);
  }
  return safe;
}

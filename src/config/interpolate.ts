/**
 * `${NAME}` in scalar string values, applied after YAML parsing: a value with `:` or `#` in it
 * cannot break the YAML, and line numbers stay those of the file. `$${` writes a literal `${`.
 */
import { isMap, isScalar, isSeq, type Document, type Node } from 'yaml';

export type Path = (string | number)[];

export interface Substitution {
  at: Path;
  /** As written in the file, e.g. "${SLACK_URL}": safe to show. */
  raw: string;
  /** After substitution: may be a secret, never shown. */
  value: string;
}

export interface InterpolationProblem {
  at: Path;
  node: Node;
  message: string;
}

const REFERENCE = /\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$\{/g;

export function interpolate(doc: Document, env: Record<string, string | undefined>): { substitutions: Substitution[]; problems: InterpolationProblem[] } {
  const substitutions: Substitution[] = [];
  const problems: InterpolationProblem[] = [];

  const visit = (node: unknown, at: Path): void => {
    if (isMap(node)) {
      for (const pair of node.items) visit(pair.value, [...at, isScalar(pair.key) ? String(pair.key.value) : String(pair.key)]);
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => visit(item, [...at, index]));
    } else if (isScalar(node) && typeof node.value === 'string' && node.value.includes('$')) {
      const raw = node.value;
      const value = substitute(raw, env, (message) => problems.push({ at, node, message }));
      if (value !== raw) {
        node.value = value;
        substitutions.push({ at, raw, value });
      }
    }
  };

  visit(doc.contents, []);
  return { substitutions, problems };
}

/** The string with every reference replaced; problems for unset variables and stray `${`. */
export function substitute(raw: string, env: Record<string, string | undefined>, problem: (message: string) => void): string {
  return raw.replace(REFERENCE, (match, name: string | undefined) => {
    if (match === '$${') return '${';
    if (name === undefined) {
      problem('`${` must be followed by a variable name and `}`, such as ${SLACK_URL}; write $${ for a literal ${');
      return match;
    }
    const value = env[name];
    if (value === undefined) {
      problem(`environment variable ${name} is not set`);
      return match;
    }
    return value;
  });
}

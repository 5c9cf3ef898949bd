/**
 * A deliberately tiny JSON path evaluator for `expect.json_path`: `$`, then
 * `.name`, `[3]` or `["any key"]` steps. No wildcards, filters or recursion —
 * a health endpoint's field is all a check needs, and a small grammar keeps
 * the config schema and the error messages exact.
 */
export type Step = string | number;

export type Lookup = { found: true; value: unknown } | { found: false; missing: string };

const STEP = /\.([A-Za-z_$][\w$-]*)|\[(\d{1,9})\]|\["([^"]*)"\]/y;

/** Bounds on a path, so the work of one lookup is bounded whatever the config says. */
export const PATH_MAX_LENGTH = 256;
export const PATH_MAX_STEPS = 32;

/** Why `path` is not a path tocsin evaluates, or undefined: the schema and `lookup` share this. */
export function pathProblem(path: string): string | undefined {
  if (path.length > PATH_MAX_LENGTH) return `expected a JSON path of at most ${PATH_MAX_LENGTH} characters, got ${path.length}`;
  const steps = splitPath(path);
  if (!steps) return 'expected a JSON path like $.status or $.items[0].name';
  if (steps.length > PATH_MAX_STEPS) return `expected a JSON path of at most ${PATH_MAX_STEPS} steps, got ${steps.length}`;
  return undefined;
}

/** The steps of `path`, or undefined when it is not of the supported form or out of bounds. */
export function parsePath(path: string): Step[] | undefined {
  return pathProblem(path) === undefined ? splitPath(path) : undefined;
}

function splitPath(path: string): Step[] | undefined {
  if (!path.startsWith('$')) return undefined;
  const steps: Step[] = [];
  STEP.lastIndex = 1;
  while (STEP.lastIndex < path.length) {
    const match = STEP.exec(path);
    if (!match) return undefined;
    const [, name, index, quoted] = match;
    steps.push(index !== undefined ? Number(index) : (name ?? quoted ?? ''));
  }
  return steps;
}

/** The value at `path` in `document`, or the shortest prefix of the path that is missing. */
export function lookup(document: unknown, path: string): Lookup {
  const steps = parsePath(path);
  if (!steps) throw new Error(`unsupported JSON path ${path}`);
  let value = document;
  let walked = '$';
  for (const step of steps) {
    walked += typeof step === 'number' ? `[${step}]` : /^[A-Za-z_$][\w$-]*$/.test(step) ? `.${step}` : `["${step}"]`;
    const next = child(value, step);
    if (!next.found) return { found: false, missing: walked };
    value = next.value;
  }
  return { found: true, value };
}

function child(value: unknown, step: Step): Lookup {
  if (typeof step === 'number') {
    if (Array.isArray(value) && step < value.length) return { found: true, value: value[step] };
    return { found: false, missing: '' };
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.hasOwn(value, step)) {
    return { found: true, value: (value as Record<string, unknown>)[step] };
  }
  return { found: false, missing: '' };
}

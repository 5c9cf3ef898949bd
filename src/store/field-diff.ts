/**
 * Field-level differences between two stored definitions, for `tocsin plan`. Pure. Values are shown
 * from masked copies of the definitions, so a changed secret reads "•••• → ••••" and never its text.
 */

/** A step into a definition: an object key, an array index, or the `name` of an array entry. */
export type Step = { key: string } | { index: number } | { name: string };

export interface FieldChange {
  path: string;
  /** Undefined when the field was absent on that side. */
  before?: unknown;
  after?: unknown;
  /** The values differ but their masked forms read alike: a secret changed. */
  secret?: true;
}

export function diffFields(before: unknown, after: unknown, mask: (definition: unknown) => unknown): FieldChange[] {
  const maskedBefore = mask(before);
  const maskedAfter = mask(after);
  return walk(before, after, []).map((steps) => {
    const shownBefore = at(maskedBefore, steps);
    const shownAfter = at(maskedAfter, steps);
    const change: FieldChange = { path: formatPath(steps) };
    if (shownBefore !== undefined) change.before = shownBefore;
    if (shownAfter !== undefined) change.after = shownAfter;
    if (JSON.stringify(shownBefore) === JSON.stringify(shownAfter)) change.secret = true;
    return change;
  });
}

function walk(a: unknown, b: unknown, steps: Step[]): Step[][] {
  if (isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((key) => walk(a[key], b[key], [...steps, { key }]));
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const named = byName(a) && byName(b);
    if (named) {
      const names = [...new Set([...(a as unknown[]), ...(b as unknown[])].map((entry) => (entry as { name: string }).name))];
      const find = (list: unknown[], name: string) => list.find((entry) => (entry as { name: string }).name === name);
      return names.flatMap((name) => walk(find(a, name), find(b, name), [...steps, { name }]));
    }
    if (a.every(isObject) && b.every(isObject)) {
      const length = Math.max(a.length, b.length);
      return Array.from({ length }, (_, index) => walk(a[index], b[index], [...steps, { index }])).flat();
    }
  }
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [steps];
}

/** Arrays of objects that each have a distinct `name` (status page components) diff by name, not position. */
function byName(list: unknown[]): boolean {
  if (list.length === 0 || !list.every((entry) => isObject(entry) && typeof entry.name === 'string')) return false;
  return new Set(list.map((entry) => (entry as { name: string }).name)).size === list.length;
}

function at(tree: unknown, steps: readonly Step[]): unknown {
  let node = tree;
  for (const step of steps) {
    if ('key' in step) node = isObject(node) ? node[step.key] : undefined;
    else if ('index' in step) node = Array.isArray(node) ? node[step.index] : undefined;
    else node = Array.isArray(node) ? node.find((entry) => isObject(entry) && entry.name === step.name) : undefined;
  }
  return node;
}

export function formatPath(steps: readonly Step[]): string {
  return steps
    .map((step, i) => ('key' in step ? `${i === 0 ? '' : '.'}${step.key}` : 'index' in step ? `[${step.index}]` : `[${JSON.stringify(step.name)}]`))
    .join('');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

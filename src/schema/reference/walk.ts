/**
 * Flattens the config's JSON Schema (as zod generates it from the one schema) into the keys a person
 * writes, each with its type, default and sentence, in the schema's order. Pure: no files.
 */
import { DURATION_PATTERN, ID_PATTERN, SIZE_PATTERN } from './patterns.js';

type Node = Record<string, unknown>;

export interface KeyDoc {
  /** "server.listen", "monitors[].expect.status", "channels.<id>.url". */
  path: string;
  type: string;
  required: boolean;
  default?: unknown;
  description?: string;
  examples?: unknown[];
  /** Where example values for this key are found in a config: the data path, variant choices included. */
  lookup: Step[];
}

/** How to go from a config value to this key's values: a field, every item, every entry, or a variant. */
export type Step = { field: string } | { each: 'item' | 'entry' } | { where: string; is: string };

export interface Section {
  /** "server", "monitors: http", "channels: slack". */
  title: string;
  keys: KeyDoc[];
}

const GENERIC = new Set(['Duration: a number followed by ms, s, m, h, d or w, e.g. 30s, 1h30m', 'Size: a number followed by B, kB, MB, GB, KiB, MiB or GiB']);

/** One section per top-level key, and one per variant (monitor type, channel type) of a list or map of them. */
export function sections(root: Node): Section[] {
  const out: Section[] = [];
  for (const [name, node] of Object.entries(properties(root))) {
    const variants = variantsOf(containerItems(node));
    const each: Step = isArray(node) ? { each: 'item' } : { each: 'entry' };
    const marker = isArray(node) ? '[]' : '.<id>';
    if (variants) {
      const { key, list } = variants;
      out.push({ title: name, keys: [describe(`${name}`, node, false, [{ field: name }])] });
      for (const variant of list) {
        const tag = String(properties(variant)[key]?.const);
        const lookup: Step[] = [{ field: name }, each, { where: key, is: tag }];
        const keys = flatten(variant, `${name}${marker}`, lookup);
        // The discriminator first: it is what a person writes first.
        const tagPath = `${name}${marker}.${key}`;
        out.push({ title: `${name}: ${tag}`, keys: [...keys.filter((k) => k.path === tagPath), ...keys.filter((k) => k.path !== tagPath)] });
      }
      continue;
    }
    out.push({ title: name, keys: [describe(name, node, false, [{ field: name }]), ...flattenChildren(node, name, [{ field: name }])] });
  }
  return out;
}

function flatten(object: Node, prefix: string, lookup: Step[]): KeyDoc[] {
  const required = new Set((object.required as string[] | undefined) ?? []);
  return Object.entries(properties(object)).flatMap(([name, child]) => {
    const path = `${prefix}.${name}`;
    const at = [...lookup, { field: name }];
    return [describe(path, child, required.has(name), at), ...flattenChildren(child, path, at)];
  });
}

/** The keys inside an object, inside the items of a list of objects, or inside the values of a map of objects. */
function flattenChildren(node: Node, path: string, lookup: Step[]): KeyDoc[] {
  const plain = unwrap(node);
  if (isObject(plain) && Object.keys(properties(plain)).length > 0) {
    const nested = flatten(plain, path, lookup);
    const entries = record(plain);
    return entries ? [...nested, ...flattenChildren(entries, `${path}.<name>`, [...lookup, { each: 'entry' }])] : nested;
  }
  const items = containerItems(plain);
  if (items === plain) return [];
  const marker = isArray(plain) ? '[]' : '.<name>';
  const step: Step = isArray(plain) ? { each: 'item' } : { each: 'entry' };
  const inner = unwrap(items);
  if (isObject(inner) && Object.keys(properties(inner)).length > 0) return flatten(inner, `${path}${marker}`, [...lookup, step]);
  return isArray(inner) || record(inner) ? flattenChildren(inner, `${path}${marker}`, [...lookup, step]) : [];
}

function describe(path: string, node: Node, required: boolean, lookup: Step[]): KeyDoc {
  const own = typeof node.description === 'string' && !GENERIC.has(node.description) ? node.description : undefined;
  // The discriminator of a monitor or channel says only which kind the entry is.
  const description = own ?? ('const' in node && path.endsWith('.type') ? `Selects this kind: \`${String(node.const)}\`` : undefined);
  return {
    path,
    type: typeName(node),
    required,
    ...('default' in node && { default: node.default }),
    ...(description !== undefined && { description }),
    ...(Array.isArray(node.examples) && { examples: node.examples }),
    lookup,
  };
}

/** What a person should write, in words: "duration", "list of string", "map of name → object". */
export function typeName(node: Node): string {
  if ('const' in node) return JSON.stringify(node.const);
  if (Array.isArray(node.enum)) return node.enum.map((v) => JSON.stringify(v)).join(' \\| ');
  const alternatives = (node.anyOf ?? node.oneOf) as Node[] | undefined;
  if (alternatives) return [...new Set(alternatives.map(typeName))].join(' or ');
  if (Array.isArray(node.type)) return node.type.join(' or ');
  if (node.pattern === DURATION_PATTERN) return 'duration';
  if (node.pattern === SIZE_PATTERN) return 'size';
  if (node.pattern === ID_PATTERN) return 'id';
  switch (node.type) {
    case 'string':
      return node.format === 'uri' ? 'URL' : node.format === 'date-time' ? 'date-time' : 'string';
    case 'integer':
    case 'number':
    case 'boolean':
    case 'null':
      return node.type;
    case 'array':
      return `list of ${node.items ? typeName(node.items as Node) : 'anything'}`;
    case 'object': {
      const values = record(node);
      if (values && Object.keys(properties(node)).length === 0) return `map of name → ${typeName(values)}`;
      return 'object';
    }
    default:
      return 'anything';
  }
}

function properties(node: Node | undefined): Record<string, Node> {
  return (node?.properties as Record<string, Node> | undefined) ?? {};
}

function record(node: Node): Node | undefined {
  const values = node.additionalProperties;
  return typeof values === 'object' && values !== null ? (values as Node) : undefined;
}

function isArray(node: Node): boolean {
  return node.type === 'array';
}

function isObject(node: Node): boolean {
  return node.type === 'object';
}

/** A list's items or a map's values; the node itself otherwise. */
function containerItems(node: Node): Node {
  if (isArray(node) && node.items) return node.items as Node;
  const values = isObject(node) && Object.keys(properties(node)).length === 0 ? record(node) : undefined;
  return values ?? node;
}

/** A nullable or single-alternative wrapper hides the object people actually write. */
function unwrap(node: Node): Node {
  const alternatives = (node.anyOf ?? node.oneOf) as Node[] | undefined;
  if (!alternatives) return node;
  const objects = alternatives.filter((a) => isObject(a) || isArray(a));
  return objects.length === 1 ? objects[0]! : node;
}

/** A discriminated union: every alternative an object with the same const-valued key. */
function variantsOf(node: Node): { key: string; list: Node[] } | undefined {
  const list = node.oneOf as Node[] | undefined;
  if (!list || list.length < 2) return undefined;
  const first = Object.entries(properties(list[0])).find(([, p]) => 'const' in p)?.[0];
  if (!first || !list.every((v) => 'const' in (properties(v)[first] ?? {}))) return undefined;
  return { key: first, list };
}

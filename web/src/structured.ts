/**
 * Nested settings (`expect`, `headers`, `alert`, `info` …) as form fields instead of JSON text: the
 * shape comes from the JSON Schema of the shared zod schema, so a check that gains a condition gains
 * its field here. Pure: the text a person typed ⇄ the value the API takes, with the problems found
 * on the way keyed by the same paths the API names ("expect.status", `headers["X-Api-Key"]`).
 */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  additionalProperties?: JsonSchema | boolean;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  const?: unknown;
  description?: string;
  default?: unknown;
  minimum?: number;
  maximum?: number;
}

/** One header or INFO field: a name and what it holds. */
export interface Row {
  key: string;
  value: FormValue;
  /** The name the row was read with: a hidden value is kept only under its own name. */
  readAs?: string;
}
export type FormValue = string | boolean | Row[] | { [key: string]: FormValue };

export type Shape =
  | { kind: 'object'; fields: [string, JsonSchema][] }
  | { kind: 'record'; value: JsonSchema }
  | { kind: 'list'; numbers: boolean }
  | { kind: 'choice'; choices: string[]; numbers: boolean }
  | { kind: 'boolean' }
  | { kind: 'number'; integer: boolean }
  | { kind: 'text' }
  /** string | number | boolean | null: read as a JSON literal when it is one. */
  | { kind: 'scalar' };

export const MASK = '••••';

const typeOf = (s: JsonSchema): string | undefined => (Array.isArray(s.type) ? (s.type.length === 1 ? s.type[0] : undefined) : s.type);

export function shapeOf(schema: JsonSchema): Shape {
  if (schema.properties) return { kind: 'object', fields: Object.entries(schema.properties) };
  if (typeof schema.additionalProperties === 'object') return { kind: 'record', value: schema.additionalProperties };
  const consts = schema.anyOf?.map((s) => s.const);
  if (consts?.length && consts.every((c) => typeof c === 'number' || typeof c === 'string'))
    return { kind: 'choice', choices: consts.map(String), numbers: consts.every((c) => typeof c === 'number') };
  if (schema.enum?.every((v) => typeof v === 'string')) return { kind: 'choice', choices: schema.enum, numbers: false };
  const type = typeOf(schema);
  if (type === 'array') return { kind: 'list', numbers: schema.items?.type === 'integer' || schema.items?.type === 'number' };
  if (type === 'boolean') return { kind: 'boolean' };
  if (type === 'integer' || type === 'number') return { kind: 'number', integer: type === 'integer' };
  if (type === 'string') return { kind: 'text' };
  return { kind: 'scalar' };
}

/** Can this schema be shown as fields (not only as JSON text)? */
export function isStructured(schema: JsonSchema): boolean {
  const shape = shapeOf(schema);
  if (shape.kind === 'object') return shape.fields.every(([, s]) => isStructured(s));
  if (shape.kind === 'record') return isStructured(shape.value);
  return shape.kind !== 'list' || !!schema.items?.type;
}

/** What the form shows for a value the API answered (durations already back to text). */
export function toForm(schema: JsonSchema, value: unknown): FormValue {
  const shape = shapeOf(schema);
  switch (shape.kind) {
    case 'object': {
      const record = isRecord(value) ? value : {};
      return Object.fromEntries(shape.fields.map(([key, inner]) => [key, toForm(inner, record[key])]));
    }
    case 'record':
      return Object.entries(isRecord(value) ? value : {}).map(([key, inner]) => ({ key, readAs: key, value: toForm(shape.value, inner) }));
    case 'list':
      return Array.isArray(value) ? value.map(String).join(', ') : '';
    case 'boolean':
      return value === true;
    case 'scalar':
      // A string that would read as another type is shown quoted, so it goes back a string.
      return value === undefined ? '' : typeof value === 'string' && literal(value) !== undefined ? JSON.stringify(value) : String(value);
    default:
      return value === undefined || value === null ? '' : String(value);
  }
}

/** An empty form value of the shape: an object of empties, no rows, no text. */
export function emptyForm(schema: JsonSchema): FormValue {
  return toForm(schema, undefined);
}

export interface Read {
  /** undefined: nothing given, so the key is left out. */
  value: unknown;
  problems: Record<string, string>;
}

/** The value for the API from what was typed; each problem keyed by the path the API would name. */
export function fromForm(schema: JsonSchema, form: FormValue, path: string): Read {
  const problems: Record<string, string> = {};
  const value = read(schema, form, path, problems);
  return { value, problems };
}

function read(schema: JsonSchema, form: FormValue, path: string, problems: Record<string, string>): unknown {
  const shape = shapeOf(schema);
  if (shape.kind === 'object') {
    const record = isRecord(form) ? (form as Record<string, FormValue>) : {};
    const out: Record<string, unknown> = {};
    for (const [key, inner] of shape.fields) {
      const v = record[key] === undefined ? undefined : read(inner, record[key], `${path}.${key}`, problems);
      if (v !== undefined) out[key] = v;
    }
    return Object.keys(out).length ? out : undefined;
  }
  if (shape.kind === 'record') {
    const rows = Array.isArray(form) ? form : [];
    const out: Record<string, unknown> = {};
    for (const row of rows) {
      const key = row.key.trim();
      const at = keyPath(path, key);
      const v = read(shape.value, row.value, at, problems);
      if (!key) {
        if (v !== undefined) problems[`${path}[${rows.indexOf(row)}]`] = 'give this row a name, or remove it';
        continue;
      }
      if (key in out) problems[at] = `"${key}" is given twice`;
      if (typeof v === 'string' && v.includes(MASK) && row.readAs !== undefined && row.readAs !== key)
        problems[at] = `type the value again: a hidden value is kept only under its own name (${row.readAs})`;
      out[key] = v ?? (shapeOf(shape.value).kind === 'text' ? '' : {});
    }
    return rows.length ? out : undefined;
  }
  if (typeof form === 'boolean') return form;
  if (typeof form !== 'string') return undefined;
  const text = form.trim();
  if (text === '') return undefined;
  switch (shape.kind) {
    case 'list': {
      const items = text
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      if (!shape.numbers) return items;
      const bad = items.find((s) => !/^-?\d+(\.\d+)?$/.test(s));
      if (bad !== undefined) problems[path] = `expected numbers separated by commas, got "${bad}"`;
      return items.map(Number);
    }
    case 'number': {
      const n = Number(text);
      if (!Number.isFinite(n) || (shape.integer && !Number.isInteger(n))) {
        problems[path] = `expected ${shape.integer ? 'a whole number' : 'a number'}, got "${text}"`;
        return text;
      }
      return n;
    }
    case 'choice':
      return shape.numbers ? Number(text) : text;
    case 'scalar': {
      const known = literal(text);
      if (known !== undefined) return known;
      return /^".*"$/.test(text) ? quoted(text) : text;
    }
    default:
      // Keep what was typed, spaces included: a header value or a banner may need them.
      return form;
  }
}

/** `"42"` is the text 42; a quote JSON cannot read is kept as typed. */
function quoted(text: string): string {
  try {
    return JSON.parse(text) as string;
  } catch {
    return text;
  }
}

/** true, false, null and numbers, as JSON reads them; anything else is text. */
function literal(text: string): boolean | number | null | undefined {
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (text === 'null') return null;
  return /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(text) ? Number(text) : undefined;
}

/** `headers.Accept`, or `headers["X-Api-Key"]` for names that are not plain words, as the API writes them. */
export function keyPath(path: string, key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

/** The problem for one field: said of it, or of one item of its list (`expect.status[0]`). */
export function problemAt(problems: Record<string, string>, path: string): string | undefined {
  if (problems[path]) return problems[path];
  const inner = Object.keys(problems).find((p) => p.startsWith(`${path}[`) && /^\[\d+\]$/.test(p.slice(path.length)));
  return inner ? problems[inner] : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

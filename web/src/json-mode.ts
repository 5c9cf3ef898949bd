/**
 * "Edit as JSON" for a structured monitor field: the fields' value as JSON text, and back to fields
 * only when the fields can hold all of it (otherwise the text stays, and is what is sent). Pure.
 */
import { fromForm, toForm, type FormValue, type JsonSchema } from './structured.js';

/** The JSON text of what the fields hold now ("{}" for nothing). */
export function formAsJson(schema: JsonSchema, form: FormValue, path: string): string {
  return JSON.stringify(fromForm(schema, form, path).value ?? {}, null, 2);
}

/** The value the text says, or why it cannot be read; empty text is nothing (the key is left out). */
export function readJson(text: string, path: string): { value?: unknown; problem?: string } {
  if (text.trim() === '') return {};
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (error) {
    return { problem: `${path}: expected JSON: ${(error as Error).message}` };
  }
}

/** The fields for the text, when they say exactly what it says; otherwise why it stays JSON. */
export function jsonAsForm(schema: JsonSchema, text: string, path: string): { form?: FormValue; problem?: string } {
  const read = readJson(text, path);
  if (read.problem) return { problem: read.problem };
  const form = toForm(schema, read.value);
  const back = fromForm(schema, form, path).value;
  if (sameValue(back ?? {}, read.value ?? {})) return { form };
  return { problem: `the fields cannot show all of this ${path}: it stays JSON (it is sent as written)` };
}

function sameValue(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))) : v,
  );
}

/**
 * JSON columns read back through a schema instead of a cast. `decodeStoredJson` says why a value does
 * not decode, for readers that can do without it; `storedJson` throws an error naming the row and
 * column, for values no reader can guess (a list of monitor ids), so a damaged row is reported as
 * such rather than handed on with the wrong type.
 */
import { z } from 'zod';

export type DecodedJson<T> = { ok: true; value: T } | { ok: false; problem: string };

export function decodeStoredJson<T>(schema: z.ZodType<T>, text: string): DecodedJson<T> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, problem: `not JSON (${(error as Error).message})` };
  }
  const parsed = schema.safeParse(value);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0]!;
  return { ok: false, problem: `invalid at ${issue.path.join('.') || '(root)'}: ${issue.message}` };
}

/** `what` names the value, e.g. "incident 12 components": the error says it and why. */
export function storedJson<T>(schema: z.ZodType<T>, text: string, what: string): T {
  const decoded = decodeStoredJson(schema, text);
  if (!decoded.ok) throw new Error(`the stored ${what} cannot be read: ${decoded.problem}`);
  return decoded.value;
}

/** A stored list of ids or names. */
export const storedStrings = z.array(z.string()).max(100_000);

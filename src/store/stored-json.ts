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

/** A part of a listed row left out because its stored JSON does not decode: the column, and why. */
export interface DamagedPart {
  field: string;
  problem: string;
}

/** A column of a listed row: one that does not decode reads as `fallback` and is noted in `damaged`, so the list still answers. */
export function storedJsonOr<T>(schema: z.ZodType<T>, text: string, fallback: T, field: string, damaged: DamagedPart[]): T {
  const decoded = decodeStoredJson(schema, text);
  if (decoded.ok) return decoded.value;
  damaged.push({ field, problem: decoded.problem });
  return fallback;
}

/** Says in the log which listed rows had a part left out, and why. `what` names the kind of row, e.g. "response incident". */
export function logDamaged(
  logger: { warn(detail: object, message: string): void },
  what: string,
  rows: readonly { id: string; damaged?: readonly DamagedPart[] }[],
): void {
  for (const row of rows)
    for (const { field, problem } of row.damaged ?? [])
      logger.warn(
        { [what.split(' ').pop()!]: row.id, field, problem },
        `${what} ${row.id}: the stored ${field} cannot be read (${problem}); listed without its ${field}`,
      );
}

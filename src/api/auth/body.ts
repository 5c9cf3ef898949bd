/** Request bodies and queries parsed with zod; the first problem becomes a 400 naming the field. */
import type { z } from 'zod';
import { TocsinError } from '../../lib/errors.js';

export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const parsed = schema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.map(String).join('.') || undefined;
  const message = field ? `${field}: ${issue?.message ?? 'invalid'}` : (issue?.message ?? 'invalid request');
  throw new TocsinError('invalid_input', message, field ? { field } : {});
}

/** The field shapes every channel's settings schema (src/channels/<name>/schema.ts) is built from. */
import { z } from 'zod';
import { duration } from './primitives.js';

export const httpUrl = () => z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' });
export const secret = (what: string) => z.string().min(1, `expected a non-empty ${what}`).max(4096, `expected a ${what} of at most 4096 characters`);
export const email = () => z.string().regex(/^[^@\s]+@[^@\s]+$|<[^@\s]+@[^@\s]+>$/, 'expected an email address such as tocsin@example.org');
/** E.164, as every SMS and voice service takes it. */
export const phone = () => z.string().regex(/^\+[1-9]\d{6,14}$/, 'expected a phone number in E.164 form such as +14155550100');
/** Free text with a bound, for names and labels a channel passes through. */
export const label = (max = 100) => z.string().min(1).max(max);

/** Every channel may be rate-limited; the rest is the type's own fields. */
export function channel<T extends string, S extends z.ZodRawShape>(type: T, shape: S) {
  return z.strictObject({
    type: z.literal(type),
    ...shape,
    min_interval: duration().optional().meta({ description: 'Send at most one notification per this interval on this channel' }),
  });
}

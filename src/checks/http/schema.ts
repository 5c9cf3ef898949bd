import { z } from 'zod';
import { duration } from '../../schema/primitives.js';

export const httpSettings = z.strictObject({
  url: z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' }),
  method: z.enum(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']).default('GET'),
  headers: z.record(z.string(), z.string()).default({}),
  body: z.string().optional(),
  follow_redirects: z.boolean().default(true),
  max_redirects: z.number().int().min(0).max(20).default(5),
  verify_tls: z.boolean().default(true),
  expect: z
    .strictObject({
      /** Accepted status codes; default 200–399 (after redirects when following them). */
      status: z.array(z.number().int().min(100).max(599)).min(1).optional(),
      body_contains: z.string().optional(),
      body_regex: z
        .string()
        .refine((s) => isRegex(s), { message: 'expected a valid regular expression' })
        .optional(),
      /** `{ path: "$.status", equals: "ok" }`: the JSON value at path must equal `equals`. */
      json_path: z
        .strictObject({
          path: z.string().regex(/^\$(\.[A-Za-z_$][\w$-]*|\[\d+\]|\["[^"]*"\])*$/, 'expected a JSON path like $.status or $.items[0].name'),
          equals: z.union([z.string(), z.number(), z.boolean(), z.null()]),
        })
        .optional(),
      /** Slower than this is "degraded". */
      max_latency: duration().optional(),
    })
    .default({}),
});

export type HttpSettings = z.infer<typeof httpSettings>;

function isRegex(source: string): boolean {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}

import { z } from 'zod';
import { patternProblem } from '../../lib/pattern.js';
import { duration } from '../../schema/primitives.js';
import { pathProblem } from './json-path.js';

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
      /** RE2 syntax: matched in linear time, so no pattern can freeze the engine. */
      body_regex: z
        .string()
        .superRefine((source, ctx) => addProblem(ctx, patternProblem(source)))
        .optional(),
      /** `{ path: "$.status", equals: "ok" }`: the JSON value at path must equal `equals`. */
      json_path: z
        .strictObject({
          path: z.string().superRefine((path, ctx) => addProblem(ctx, pathProblem(path))),
          equals: z.union([z.string(), z.number(), z.boolean(), z.null()]),
        })
        .optional(),
      /** Slower than this is "degraded". */
      max_latency: duration().optional(),
    })
    .default({}),
});

export type HttpSettings = z.infer<typeof httpSettings>;

function addProblem(ctx: z.RefinementCtx, message: string | undefined): void {
  if (message) ctx.addIssue({ code: 'custom', message });
}

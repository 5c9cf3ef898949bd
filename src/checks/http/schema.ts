import { z } from 'zod';
import { patternProblem } from '../../lib/pattern.js';
import { duration } from '../../schema/primitives.js';
import { pathProblem } from './json-path.js';

export const httpSettings = z.strictObject({
  url: z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' }).meta({ description: 'The URL to request' }),
  method: z.enum(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']).default('GET').meta({ description: 'HTTP method of the request' }),
  headers: z.record(z.string(), z.string()).default({}).meta({ description: 'Request headers, e.g. Authorization; values may use ${NAME}' }),
  body: z.string().optional().meta({ description: 'Request body, sent as written' }),
  follow_redirects: z.boolean().default(true).meta({ description: 'Follow 3xx redirects and judge the final answer' }),
  max_redirects: z.number().int().min(0).max(20).default(5).meta({ description: 'More redirects than this is "down"' }),
  verify_tls: z.boolean().default(true).meta({ description: 'Require a trusted certificate chain that covers the host name; false accepts any certificate' }),
  // Absolute, so the same file is read whatever directory tocsin was started from.
  ca_file: z.string().regex(/^\//, 'expected an absolute path such as /etc/ssl/certs/internal-ca.pem').optional().meta({
    description: "PEM file of the CA certificates to trust instead of the system's, for a private CA (config file only); every redirect hop is judged by it",
  }),
  expect: z
    .strictObject({
      status: z
        .array(z.number().int().min(100).max(599))
        .min(1)
        .optional()
        .meta({ description: 'Accepted status codes; absent: 200 to 399 (after redirects when following them)' }),
      body_contains: z.string().optional().meta({ description: 'The body must contain this text' }),
      body_regex: z
        .string()
        .superRefine((source, ctx) => addProblem(ctx, patternProblem(source)))
        .optional()
        .meta({ description: 'The body must match this regular expression (RE2 syntax: matched in linear time, so no pattern can freeze the engine)' }),
      json_path: z
        .strictObject({
          path: z
            .string()
            .superRefine((path, ctx) => addProblem(ctx, pathProblem(path)))
            .meta({ description: 'JSONPath into the body, e.g. $.status or $.checks[0].ok' }),
          equals: z.union([z.string(), z.number(), z.boolean(), z.null()]).meta({ description: 'The value found at path must equal this' }),
        })
        .optional()
        .meta({ description: 'The JSON value at path must equal equals' }),
      max_latency: duration().optional().meta({ description: 'A slower answer is "degraded"' }),
    })
    .default({})
    .meta({ description: 'What a good answer looks like; every condition given must hold' }),
});

export type HttpSettings = z.infer<typeof httpSettings>;

function addProblem(ctx: z.RefinementCtx, message: string | undefined): void {
  if (message) ctx.addIssue({ code: 'custom', message });
}

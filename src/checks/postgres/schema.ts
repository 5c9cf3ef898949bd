import { z } from 'zod';
import { duration } from '../../schema/primitives.js';

export const valueExpectation = z.strictObject({
  equals: z.union([z.string(), z.number(), z.boolean()]).optional(),
  max_value: z.number().optional(),
  min_value: z.number().optional(),
});

export const postgresSettings = z.strictObject({
  url: z.string().regex(/^postgres(ql)?:\/\//, 'expected a postgres:// URL'),
  query: z.string().default('SELECT 1'),
  expect: valueExpectation.optional(),
  /** On a replica: replay lag above this is "degraded". */
  max_replication_lag: duration().optional(),
});

export type PostgresSettings = z.infer<typeof postgresSettings>;

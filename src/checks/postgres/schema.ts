import { z } from 'zod';
import { duration } from '../../schema/primitives.js';

export const valueExpectation = z.strictObject({
  equals: z.union([z.string(), z.number(), z.boolean()]).optional().meta({ description: 'The value must equal this' }),
  max_value: z.number().optional().meta({ description: 'A number above this is "down"' }),
  min_value: z.number().optional().meta({ description: 'A number below this is "down"' }),
});

export const postgresSettings = z.strictObject({
  url: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'expected a postgres:// URL')
    .meta({ description: 'Connection URL; the user needs no privileges beyond connecting and the query' }),
  query: z.string().default('SELECT 1').meta({ description: 'Read-only query to run; its first column of its first row is judged by expect' }),
  expect: valueExpectation.optional().meta({ description: 'What the first value must be; absent: any answer is "up"' }),
  max_replication_lag: duration().optional().meta({ description: 'On a replica: replay lag above this is "degraded"' }),
});

export type PostgresSettings = z.infer<typeof postgresSettings>;

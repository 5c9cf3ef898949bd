import { z } from 'zod';
import { duration } from '../../schema/primitives.js';
import { valueExpectation } from '../postgres/schema.js';

export const mysqlSettings = z.strictObject({
  url: z.string().regex(/^(mysql|mariadb):\/\//, 'expected a mysql:// or mariadb:// URL'),
  query: z.string().default('SELECT 1'),
  expect: valueExpectation.optional(),
  /** On a replica: Seconds_Behind_Master above this is "degraded". */
  max_replication_lag: duration().optional(),
});

export type MysqlSettings = z.infer<typeof mysqlSettings>;

import { z } from 'zod';
import { duration } from '../../schema/primitives.js';
import { valueExpectation } from '../postgres/schema.js';

export const mysqlSettings = z.strictObject({
  url: z
    .string()
    .regex(/^(mysql|mariadb):\/\//, 'expected a mysql:// or mariadb:// URL')
    .meta({ description: 'Connection URL; the user needs no privileges beyond connecting and the query' }),
  query: z.string().default('SELECT 1').meta({ description: 'Read-only query to run; its first column of its first row is judged by expect' }),
  expect: valueExpectation.optional().meta({ description: 'What the first value must be; absent: any answer is "up"' }),
  max_replication_lag: duration().optional().meta({ description: 'On a replica: Seconds_Behind_Master above this is "degraded"' }),
});

export type MysqlSettings = z.infer<typeof mysqlSettings>;

import { z } from 'zod';

export const redisSettings = z.strictObject({
  url: z.string().regex(/^rediss?:\/\//, 'expected a redis:// or rediss:// URL'),
  /** INFO fields and limits, e.g. `{ connected_clients: { max: 500 }, used_memory: { max: 1e9 } }`. */
  info: z
    .record(
      z.string().regex(/^[a-z0-9_]+$/, 'expected an INFO field name such as used_memory'),
      z.strictObject({ max: z.number().optional(), min: z.number().optional() }),
    )
    .optional(),
});

export type RedisSettings = z.infer<typeof redisSettings>;

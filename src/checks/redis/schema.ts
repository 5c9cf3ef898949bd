import { z } from 'zod';

export const redisSettings = z.strictObject({
  url: z
    .string()
    .regex(/^rediss?:\/\//, 'expected a redis:// or rediss:// URL')
    .meta({ description: 'redis://[user:password@]host:port[/db], or rediss:// for TLS' }),
  info: z
    .record(
      z.string().regex(/^[a-z0-9_]+$/, 'expected an INFO field name such as used_memory'),
      z.strictObject({
        max: z.number().optional().meta({ description: 'Above this is "down"' }),
        min: z.number().optional().meta({ description: 'Below this is "down"' }),
      }),
    )
    .optional()
    .meta({ description: 'INFO fields and their limits, e.g. { connected_clients: { max: 500 } }' }),
});

export type RedisSettings = z.infer<typeof redisSettings>;

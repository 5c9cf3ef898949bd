import { z } from 'zod';
import { duration, host } from '../../schema/primitives.js';

/** iputils refuses a shorter interval to anyone without CAP_NET_ADMIN; tocsin asks for no such right. */
export const MIN_ECHO_INTERVAL_MS = 200;
/** A run's echoes are spread over at most this long; a longer one belongs to a second monitor. */
export const MAX_ECHO_SPAN_MS = 60_000;

export const icmpSettings = z
  .strictObject({
    host: host().meta({ description: 'Host name or IP address to send ICMP echo requests to' }),
    count: z.number().int().min(1).max(100).default(3).meta({ description: 'Echo requests sent per run' }),
    echo_interval: duration()
      .refine((ms) => ms >= MIN_ECHO_INTERVAL_MS && ms <= 10_000, { message: 'expected an interval between 200ms and 10s' })
      .prefault('1s')
      .meta({ description: 'Time between two echo requests, 200ms to 10s (interval is how often the monitor runs)' }),
    ip_version: z
      .union([z.literal(4), z.literal(6)])
      .optional()
      .meta({ description: '4 or 6 to ping only that address family; absent: the first address the name resolves to' }),
    max_loss: z.number().min(0).max(100).optional().meta({ description: 'Percent of echoes that may go unanswered; more lost is degraded, all lost is down' }),
    max_rtt: duration().optional().meta({ description: 'An average round trip above this is degraded' }),
  })
  .refine((s) => (s.count - 1) * s.echo_interval <= MAX_ECHO_SPAN_MS, {
    message: `expected count × echo_interval to span at most ${MAX_ECHO_SPAN_MS / 1000} s`,
    path: ['count'],
  });

export type IcmpSettings = z.infer<typeof icmpSettings>;

import { z } from 'zod';
import { duration, host } from '../../schema/primitives.js';

/** iputils refuses a shorter interval to anyone without CAP_NET_ADMIN; tocsin asks for no such right. */
export const MIN_ECHO_INTERVAL_MS = 200;
/** A run's echoes are spread over at most this long; a longer one belongs to a second monitor. */
export const MAX_ECHO_SPAN_MS = 60_000;

export const icmpSettings = z
  .strictObject({
    host: host(),
    /** Echo requests per run. */
    count: z.number().int().min(1).max(100).default(3),
    /** Time between two echo requests (`interval` is how often the monitor runs). */
    echo_interval: duration()
      .refine((ms) => ms >= MIN_ECHO_INTERVAL_MS && ms <= 10_000, { message: 'expected an interval between 200ms and 10s' })
      .default(1000),
    /** 4 or 6 to ping only that family; absent: the first address the name resolves to. */
    ip_version: z.union([z.literal(4), z.literal(6)]).optional(),
    /** Percent of echoes that may go unanswered before the result is degraded; all lost is down. */
    max_loss: z.number().min(0).max(100).optional(),
    /** Average round trip above this is degraded. */
    max_rtt: duration().optional(),
  })
  .refine((s) => (s.count - 1) * s.echo_interval <= MAX_ECHO_SPAN_MS, {
    message: `expected count × echo_interval to span at most ${MAX_ECHO_SPAN_MS / 1000} s`,
    path: ['count'],
  });

export type IcmpSettings = z.infer<typeof icmpSettings>;

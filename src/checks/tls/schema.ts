import { z } from 'zod';
import { host, port } from '../../schema/primitives.js';

export const tlsSettings = z
  .strictObject({
    host: host(),
    port: port().default(443),
    /** SNI and the name the certificate must match; defaults to `host`. */
    servername: z.string().optional(),
    /** Fewer days left than this is "degraded". */
    warn_days: z.number().min(0).default(21),
    /** Fewer days left than this is "down". */
    critical_days: z.number().min(0).default(7),
    /** Upgrade a plain connection first (port 25/587 mail servers). */
    starttls: z.enum(['smtp']).optional(),
  })
  .refine((s) => s.critical_days <= s.warn_days, {
    message: 'expected critical_days to be at most warn_days',
    path: ['critical_days'],
  });

export type TlsSettings = z.infer<typeof tlsSettings>;

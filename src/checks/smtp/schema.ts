import { z } from 'zod';
import { host, port } from '../../schema/primitives.js';

export const smtpSettings = z
  .strictObject({
    host: host(),
    port: port().default(25),
    starttls: z.boolean().default(false),
    /** With starttls: fewer days left on the certificate than this is "degraded" / "down". */
    warn_days: z.number().min(0).default(21),
    critical_days: z.number().min(0).default(7),
    /** With starttls: also require a trusted chain and a certificate that covers `host`. */
    verify_tls: z.boolean().default(true),
  })
  .refine((s) => s.critical_days <= s.warn_days, {
    message: 'expected critical_days to be at most warn_days',
    path: ['critical_days'],
  });

export type SmtpSettings = z.infer<typeof smtpSettings>;

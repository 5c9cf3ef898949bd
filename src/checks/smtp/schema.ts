import { z } from 'zod';
import { host, port } from '../../schema/primitives.js';

export const smtpSettings = z
  .strictObject({
    host: host().meta({ description: 'Mail server host name or IP address' }),
    port: port().default(25).meta({ description: 'SMTP port, e.g. 25 or 587' }),
    starttls: z.boolean().default(false).meta({ description: 'Upgrade with STARTTLS and check the certificate too' }),
    warn_days: z.number().min(0).default(21).meta({ description: 'With starttls: fewer days left on the certificate than this is "degraded"' }),
    critical_days: z.number().min(0).default(7).meta({ description: 'With starttls: fewer days left on the certificate than this is "down"' }),
    verify_tls: z.boolean().default(true).meta({ description: 'With starttls: also require a trusted chain and a certificate that covers host' }),
  })
  .refine((s) => s.critical_days <= s.warn_days, {
    message: 'expected critical_days to be at most warn_days',
    path: ['critical_days'],
  });

export type SmtpSettings = z.infer<typeof smtpSettings>;

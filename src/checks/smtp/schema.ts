import { z } from 'zod';
import { host, port } from '../../schema/primitives.js';

export const smtpSettings = z.strictObject({
  host: host(),
  port: port().default(25),
  starttls: z.boolean().default(false),
  /** With starttls: fewer days left on the certificate than this is "degraded" / "down". */
  warn_days: z.number().min(0).default(21),
  critical_days: z.number().min(0).default(7),
  verify_tls: z.boolean().default(true),
});

export type SmtpSettings = z.infer<typeof smtpSettings>;

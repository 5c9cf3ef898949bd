import { z } from 'zod';
import { host, port } from '../../schema/primitives.js';

export const tlsSettings = z
  .strictObject({
    host: host().meta({ description: 'Host name or IP address to connect to' }),
    port: port().default(443).meta({ description: 'TLS port' }),
    servername: z.string().optional().meta({ description: 'SNI and the name the certificate must cover; absent: host' }),
    warn_days: z.number().min(0).default(21).meta({ description: 'Fewer days left than this is "degraded"' }),
    critical_days: z.number().min(0).default(7).meta({ description: 'Fewer days left than this is "down"' }),
    starttls: z.enum(['smtp']).optional().meta({ description: 'Upgrade a plain connection first (mail servers on port 25 or 587)' }),
    verify: z
      .boolean()
      .default(true)
      .meta({ description: 'Judge the chain and the host name too; false judges only the dates (a self-signed or internal certificate)' }),
    // Absolute, so the same file is read whatever directory tocsin was started from.
    ca_file: z
      .string()
      .regex(/^\//, 'expected an absolute path such as /etc/ssl/certs/internal-ca.pem')
      .optional()
      .meta({ description: "PEM file of the CA certificates to trust instead of the system's, for a private CA (config file only)" }),
  })
  .refine((s) => s.critical_days <= s.warn_days, {
    message: 'expected critical_days to be at most warn_days',
    path: ['critical_days'],
  });

export type TlsSettings = z.infer<typeof tlsSettings>;

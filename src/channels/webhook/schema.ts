/** The webhook channel's settings, as tocsin.yaml and the API write them. Node-free: the dashboard validates with it. */
import { z } from 'zod';
import { channel, httpUrl, secret } from '../../schema/channel-fields.js';

export const webhookChannel = channel('webhook', {
  url: httpUrl().meta({ description: 'Receives a JSON POST per notification (the generic webhook format)' }),
  secret: secret('secret').optional().meta({ description: 'Signs each body: X-Tocsin-Signature: sha256=<HMAC>' }),
  headers: z
    .record(z.string(), z.string())
    .default({})
    .meta({ description: 'Extra request headers; their values are write-only (shown as "••••") unless named in public_headers' }),
  public_headers: z
    .array(z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'expected a header name such as X-Request-Source'))
    .optional()
    .meta({ description: 'Names of headers whose values are not secret: shown in reads and left in delivery errors' }),
});

import { z } from 'zod';
import { patternProblem } from '../../lib/pattern.js';

const wsUrl = z
  .string()
  .max(2048)
  .refine((text) => {
    try {
      const url = new URL(text);
      return (url.protocol === 'ws:' || url.protocol === 'wss:') && url.hostname !== '' && url.hash === '';
    } catch {
      return false;
    }
  }, 'expected a ws:// or wss:// URL such as wss://example.org/socket (no #fragment)');

export const websocketSettings = z
  .strictObject({
    url: wsUrl.meta({ description: 'The ws:// or wss:// URL to open' }),
    send: z.string().max(4096, 'expected at most 4096 characters').optional().meta({ description: 'A text message sent once the connection is open' }),
    expect: z
      .strictObject({
        contains: z.string().min(1).max(1000).optional().meta({ description: 'The first message received must contain this text' }),
        regex: z
          .string()
          .superRefine((source, ctx) => {
            const problem = patternProblem(source);
            if (problem) ctx.addIssue({ code: 'custom', message: problem });
          })
          .optional()
          .meta({ description: 'The first message received must match this regular expression (RE2 syntax)' }),
        close_code: z
          .number()
          .int()
          .min(1000)
          .max(4999)
          .optional()
          .meta({ description: 'The server must then close the connection with this code (e.g. 1000, or 4001 for "unauthorised")' }),
      })
      .optional()
      .meta({ description: 'What the server must do after the upgrade; every condition given must hold. Absent: an upgrade that succeeds is up' }),
    verify_tls: z.boolean().default(true).meta({ description: 'wss: refuse an untrusted certificate or one that does not cover the host name' }),
    ca_file: z.string().min(1).max(1024).optional().meta({ description: "wss: PEM file of the authorities to trust instead of the system's (a private CA)" }),
  })
  .refine((s) => s.ca_file === undefined || s.url.startsWith('wss:'), { message: 'expected ca_file only with a wss:// URL', path: ['ca_file'] });

export type WebsocketSettings = z.infer<typeof websocketSettings>;

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
    url: wsUrl,
    /** A text message sent once the connection is open. */
    send: z.string().max(4096, 'expected at most 4096 characters').optional(),
    /** Without `expect`, an upgrade that succeeds is up. */
    expect: z
      .strictObject({
        /** The first message received must contain this … */
        contains: z.string().min(1).max(1000).optional(),
        /** … or match this (RE2 syntax). */
        regex: z
          .string()
          .superRefine((source, ctx) => {
            const problem = patternProblem(source);
            if (problem) ctx.addIssue({ code: 'custom', message: problem });
          })
          .optional(),
        /** The server must then close the connection with this code (e.g. 1000, or 4001 for "unauthorised"). */
        close_code: z.number().int().min(1000).max(4999).optional(),
      })
      .optional(),
    /** wss: refuse an untrusted certificate or a name it does not cover. */
    verify_tls: z.boolean().default(true),
    /** PEM file of the authorities to trust instead of the system's (a private CA). */
    ca_file: z.string().min(1).max(1024).optional(),
  })
  .refine((s) => s.ca_file === undefined || s.url.startsWith('wss:'), { message: 'expected ca_file only with a wss:// URL', path: ['ca_file'] });

export type WebsocketSettings = z.infer<typeof websocketSettings>;

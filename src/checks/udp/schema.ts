import { z } from 'zod';
import { patternProblem } from '../../lib/pattern.js';
import { host, port } from '../../schema/primitives.js';

/** One datagram, well under the 64 kB UDP limit and usually one unfragmented packet. */
export const MAX_PAYLOAD_BYTES = 4096;

const hex = (field: string) =>
  z
    .string()
    .max(MAX_PAYLOAD_BYTES * 2, `expected at most ${MAX_PAYLOAD_BYTES} bytes (${MAX_PAYLOAD_BYTES * 2} hex digits)`)
    .regex(/^(?:[0-9a-fA-F]{2})+$/, `expected ${field} as pairs of hex digits such as "1b00" (no spaces or 0x)`);

const regex = z.string().superRefine((source, ctx) => {
  const problem = patternProblem(source);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

export const udpSettings = z
  .strictObject({
    host: host().meta({ description: 'Host name or IP address to send the datagram to' }),
    port: port().meta({ description: 'UDP port to send the datagram to' }),
    send: z
      .string()
      .max(MAX_PAYLOAD_BYTES, `expected at most ${MAX_PAYLOAD_BYTES} characters`)
      .optional()
      .meta({ description: 'The datagram as text, sent as UTF-8; exactly one of send or send_hex' }),
    send_hex: hex('send_hex').optional().meta({ description: 'The datagram as pairs of hex digits, for binary protocols (NTP, RADIUS, game queries)' }),
    expect: z
      .strictObject({
        contains: z.string().min(1).max(1000).optional().meta({ description: 'The reply must contain this text' }),
        contains_hex: hex('contains_hex').optional().meta({ description: 'The reply must contain these bytes, as pairs of hex digits' }),
        regex: regex.optional().meta({ description: 'The reply, read as UTF-8, must match this regular expression (RE2 syntax)' }),
      })
      .optional()
      .meta({ description: 'What a good reply looks like; every condition given must hold. Absent: any reply is up, none within the timeout is down' }),
  })
  .refine((s) => (s.send === undefined) !== (s.send_hex === undefined), {
    message: 'expected exactly one of send (text) or send_hex (bytes): a UDP check must send a datagram to get a reply',
    path: ['send'],
  });

export type UdpSettings = z.infer<typeof udpSettings>;

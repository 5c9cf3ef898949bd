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
    host: host(),
    port: port(),
    /** The datagram as text (UTF-8) … */
    send: z.string().max(MAX_PAYLOAD_BYTES, `expected at most ${MAX_PAYLOAD_BYTES} characters`).optional(),
    /** … or as hex bytes, for binary protocols (NTP, RADIUS, game queries). */
    send_hex: hex('send_hex').optional(),
    /** Without `expect`, any reply is up. */
    expect: z
      .strictObject({
        contains: z.string().min(1).max(1000).optional(),
        contains_hex: hex('contains_hex').optional(),
        /** RE2 syntax, matched against the reply read as UTF-8. */
        regex: regex.optional(),
      })
      .optional(),
  })
  .refine((s) => (s.send === undefined) !== (s.send_hex === undefined), {
    message: 'expected exactly one of send (text) or send_hex (bytes): a UDP check must send a datagram to get a reply',
    path: ['send'],
  });

export type UdpSettings = z.infer<typeof udpSettings>;


import { z } from 'zod';
import { host, port } from '../../schema/primitives.js';

export const tcpSettings = z.strictObject({
  host: host(),
  port: port(),
  /** Written after connecting (e.g. "PING\r\n"). */
  send: z.string().optional(),
  expect: z
    .strictObject({
      /** The first data received must contain this (a banner such as "SSH-2.0"). */
      contains: z.string().min(1),
    })
    .optional(),
});

export type TcpSettings = z.infer<typeof tcpSettings>;

import { z } from 'zod';
import { host, port } from '../../schema/primitives.js';

export const tcpSettings = z.strictObject({
  host: host().meta({ description: 'Host name or IP address to connect to' }),
  port: port().meta({ description: 'TCP port' }),
  send: z.string().optional().meta({ description: 'Written after connecting, e.g. "PING\\r\\n"' }),
  expect: z
    .strictObject({
      contains: z.string().min(1).meta({ description: 'The first data received must contain this (a banner such as "SSH-2.0")' }),
    })
    .optional()
    .meta({ description: 'What the server must say' }),
});

export type TcpSettings = z.infer<typeof tcpSettings>;

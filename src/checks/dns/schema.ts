import { z } from 'zod';
import { host } from '../../schema/primitives.js';

export const dnsRecordTypes = ['A', 'AAAA', 'CNAME', 'MX', 'TXT', 'NS', 'SOA'] as const;

export const dnsSettings = z.strictObject({
  /** The name to resolve. When absent the monitor's `name` is resolved (as in the example config). */
  query: host().optional(),
  record: z.enum(dnsRecordTypes).default('A'),
  /** "10.0.0.2" or "10.0.0.2:5353" or "[::1]:53"; the system's resolvers when absent. */
  resolver: z
    .string()
    .regex(/^(?:\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?|\[[0-9a-fA-F:]+\](?::\d+)?|[0-9a-fA-F:]+)$/, 'expected an IP address, optionally with :port')
    .optional(),
  expect: z
    .strictObject({
      /** Every answer must be in this list and every listed value must be answered (order ignored). */
      values: z.array(z.string()).min(1),
    })
    .optional(),
});

export type DnsSettings = z.infer<typeof dnsSettings>;

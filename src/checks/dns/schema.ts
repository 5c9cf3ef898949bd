import { z } from 'zod';
import { host } from '../../schema/primitives.js';

export const dnsRecordTypes = ['A', 'AAAA', 'CNAME', 'MX', 'TXT', 'NS', 'SOA'] as const;

export const dnsSettings = z.strictObject({
  query: host().optional().meta({ description: 'The name to resolve; absent: the monitor\'s name' }),
  record: z.enum(dnsRecordTypes).default('A').meta({ description: 'Record type to ask for' }),
  /** "10.0.0.2" or "10.0.0.2:5353" or "[::1]:53"; the system's resolvers when absent. */
  resolver: z
    .string()
    .regex(/^(?:\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?|\[[0-9a-fA-F:]+\](?::\d+)?|[0-9a-fA-F:]+)$/, 'expected an IP address, optionally with :port')
    .optional().meta({ description: 'The DNS server to ask: an IP address, optionally with :port; absent: the system\'s resolvers' }),
  expect: z
    .strictObject({
      /** Every answer must be in this list and every listed value must be answered (order ignored). */
      values: z.array(z.string()).min(1).meta({ description: 'Every answer must be in this list and every listed value answered (order ignored)' }),
    })
    .optional().meta({ description: 'What the answers must be' }),
});

export type DnsSettings = z.infer<typeof dnsSettings>;

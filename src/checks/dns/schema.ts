import { z } from 'zod';
import { host } from '../../schema/primitives.js';
import { text, type Path, type Report } from '../../schema/draft.js';

export const dnsRecordTypes = ['A', 'AAAA', 'CNAME', 'MX', 'TXT', 'NS', 'SOA'] as const;

export const dnsSettings = z.strictObject({
  query: host().optional().meta({ description: "The name to resolve; absent: the monitor's name" }),
  record: z.enum(dnsRecordTypes).default('A').meta({ description: 'Record type to ask for' }),
  /** "10.0.0.2" or "10.0.0.2:5353" or "[::1]:53"; the system's resolvers when absent. */
  resolver: z
    .string()
    .regex(/^(?:\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?|\[[0-9a-fA-F:]+\](?::\d+)?|[0-9a-fA-F:]+)$/, 'expected an IP address, optionally with :port')
    .optional()
    .meta({ description: "The DNS server to ask: an IP address, optionally with :port; absent: the system's resolvers" }),
  expect: z
    .strictObject({
      /** Every answer must be in this list and every listed value must be answered (order ignored). */
      values: z.array(z.string()).min(1).meta({ description: 'Every answer must be in this list and every listed value answered (order ignored)' }),
    })
    .optional()
    .meta({ description: 'What the answers must be' }),
});

export type DnsSettings = z.infer<typeof dnsSettings>;

const LABEL = /^(?!-)[A-Za-z0-9_-]{1,63}(?<!-)$/;

export function isHostName(name: string): boolean {
  const bare = name.endsWith('.') ? name.slice(0, -1) : name;
  return bare.length > 0 && bare.length <= 253 && bare.split('.').every((label) => LABEL.test(label));
}

/** Without `query`, the example resolves the monitor's name, so that name must be a host name. */
export function checkDnsDraft(monitor: Record<string, unknown>, at: Path, _context: unknown, report: Report): void {
  if (monitor.query !== undefined) return;
  const name = text(monitor.name);
  if (name === undefined) {
    report([...at, 'query'], 'missing; a dns monitor resolves `query`, or its `name` when that is a host name');
  } else if (!isHostName(name)) {
    report([...at, 'name'], 'expected a host name to resolve, such as sstate-cache.example.org, since there is no `query`; or set `query`');
  }
}

/** The example config resolves a dns monitor's name when it has no query (checkDnsDraft made sure it is a host name). */
export function completeDnsSettings(settings: Record<string, unknown>, monitor: { id: string; name?: string | undefined }): void {
  if (settings.query === undefined) settings.query = monitor.name ?? monitor.id;
}

import type { promises as dnsPromises } from 'node:dns';
import type { DnsSettings } from './schema.js';

export type DnsRecordType = DnsSettings['record'];

/**
 * Asks for `record` of `name` and returns each answer as one string:
 * MX "10 mail.example.org", TXT its chunks joined, SOA "ns hostmaster serial".
 */
export async function queryRecords(resolver: dnsPromises.Resolver, name: string, record: DnsRecordType): Promise<string[]> {
  switch (record) {
    case 'A':
      return resolver.resolve4(name);
    case 'AAAA':
      return resolver.resolve6(name);
    case 'CNAME':
      return resolver.resolveCname(name);
    case 'NS':
      return resolver.resolveNs(name);
    case 'MX':
      return (await resolver.resolveMx(name)).map((mx) => `${mx.priority} ${mx.exchange}`);
    case 'TXT':
      return (await resolver.resolveTxt(name)).map((chunks) => chunks.join(''));
    case 'SOA': {
      const soa = await resolver.resolveSoa(name);
      return [`${soa.nsname} ${soa.hostmaster} ${soa.serial}`];
    }
  }
}

/**
 * One spelling per value so answers and expectations compare equal when they
 * mean the same: names lowercase without the trailing dot, IPv6 compressed.
 * TXT is compared exactly; its case can matter (tokens, keys).
 */
export function canonical(record: DnsRecordType, value: string): string {
  const fields = value.trim().split(/\s+/);
  switch (record) {
    case 'A':
      return value.trim();
    case 'AAAA':
      return canonicalIPv6(value.trim());
    case 'CNAME':
    case 'NS':
      return hostName(value);
    case 'MX':
      return fields.length === 2 ? `${Number(fields[0])} ${hostName(fields[1] ?? '')}` : value.trim().toLowerCase();
    case 'SOA':
      return fields.length === 3 ? `${hostName(fields[0] ?? '')} ${hostName(fields[1] ?? '')} ${Number(fields[2])}` : value.trim().toLowerCase();
    case 'TXT':
      return value;
  }
}

function hostName(name: string): string {
  return name.trim().toLowerCase().replace(/\.$/, '');
}

/** The WHATWG URL parser writes IPv6 in its canonical compressed form. */
function canonicalIPv6(address: string): string {
  try {
    return new URL(`http://[${address}]/`).hostname.slice(1, -1);
  } catch {
    return address.toLowerCase();
  }
}

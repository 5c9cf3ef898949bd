import { describe, expect, it } from 'vitest';
import { canonical, type DnsRecordType } from './records.js';

describe('canonical', () => {
  const cases: Array<[DnsRecordType, string, string]> = [
    ['A', ' 10.0.3.17 ', '10.0.3.17'],
    ['AAAA', '2001:DB8:0:0::1', '2001:db8::1'],
    ['AAAA', 'not-an-address', 'not-an-address'],
    ['CNAME', 'Cache.Example.ORG.', 'cache.example.org'],
    ['NS', 'ns1.example.org.', 'ns1.example.org'],
    ['MX', '10  Mail.Example.org.', '10 mail.example.org'],
    ['MX', '010 mail.example.org', '10 mail.example.org'],
    ['SOA', 'NS1.example.org. hostmaster.example.org. 2024010101', 'ns1.example.org hostmaster.example.org 2024010101'],
    ['TXT', 'v=DKIM1; k=rsa; p=MIGf', 'v=DKIM1; k=rsa; p=MIGf'],
  ];
  it.each(cases)('writes %s %j as %j', (record, value, expected) => {
    expect(canonical(record, value)).toBe(expected);
  });
});

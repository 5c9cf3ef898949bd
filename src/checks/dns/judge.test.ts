import { describe, expect, it } from 'vitest';
import { judgeDns } from './judge.js';
import type { DnsObservation } from './observe.js';
import type { DnsRecordType } from './records.js';

const name = 'sstate-cache.example.org';
const via = '10.0.0.2';
const answered = (record: DnsRecordType, answers: string[]): DnsObservation => ({ name, record, via, answers });
const failed = (code: string | undefined, error = `query ${code}`): DnsObservation => ({ name, record: 'A', via, code, error });
const expecting = (...values: string[]) => ({ expect: { values } });

describe('judgeDns', () => {
  const cases: Array<[string, DnsObservation, { expect?: { values: string[] } }, 'up' | 'down', string]> = [
    [
      'is up when the answer is the expected one',
      answered('A', ['10.0.3.17']),
      expecting('10.0.3.17'),
      'up',
      'sstate-cache.example.org A = 10.0.3.17 (via 10.0.0.2)',
    ],
    [
      'names the wrong answer and the expected one',
      answered('A', ['10.0.3.99']),
      expecting('10.0.3.17'),
      'down',
      'sstate-cache.example.org A answered 10.0.3.99, expected 10.0.3.17 (via 10.0.0.2)',
    ],
    [
      'ignores the order of answers',
      answered('A', ['10.0.0.2', '10.0.0.1']),
      expecting('10.0.0.1', '10.0.0.2'),
      'up',
      'sstate-cache.example.org A = 10.0.0.2, 10.0.0.1 (via 10.0.0.2)',
    ],
    [
      'is down when an expected value is missing',
      answered('A', ['10.0.0.1']),
      expecting('10.0.0.1', '10.0.0.2'),
      'down',
      'sstate-cache.example.org A answered 10.0.0.1, expected 10.0.0.1, 10.0.0.2 (via 10.0.0.2)',
    ],
    [
      'is down when an extra value is answered',
      answered('A', ['10.0.0.1', '10.0.0.9']),
      expecting('10.0.0.1'),
      'down',
      'sstate-cache.example.org A answered 10.0.0.1, 10.0.0.9, expected 10.0.0.1 (via 10.0.0.2)',
    ],
    [
      'ignores case and trailing dots of names',
      answered('CNAME', ['Cache.Example.org']),
      expecting('cache.example.org.'),
      'up',
      'sstate-cache.example.org CNAME = cache.example.org (via 10.0.0.2)',
    ],
    [
      'compares MX by preference and host',
      answered('MX', ['10 mail.example.org']),
      expecting('10 Mail.Example.org.'),
      'up',
      'sstate-cache.example.org MX = 10 mail.example.org (via 10.0.0.2)',
    ],
    [
      'tells MX preferences apart',
      answered('MX', ['20 mail.example.org']),
      expecting('10 mail.example.org'),
      'down',
      'sstate-cache.example.org MX answered 20 mail.example.org, expected 10 mail.example.org (via 10.0.0.2)',
    ],
    [
      'quotes TXT values',
      answered('TXT', ['v=spf1 a -all']),
      expecting('v=spf1 a -all'),
      'up',
      'sstate-cache.example.org TXT = "v=spf1 a -all" (via 10.0.0.2)',
    ],
    [
      'compares TXT case exactly',
      answered('TXT', ['token=ABC']),
      expecting('token=abc'),
      'down',
      'sstate-cache.example.org TXT answered "token=ABC", expected "token=abc" (via 10.0.0.2)',
    ],
    [
      'compares AAAA in canonical form',
      answered('AAAA', ['2001:db8::1']),
      expecting('2001:DB8:0::1'),
      'up',
      'sstate-cache.example.org AAAA = 2001:db8::1 (via 10.0.0.2)',
    ],
    [
      'is up with any answer when nothing is expected',
      answered('NS', ['ns1.example.org', 'ns2.example.org']),
      {},
      'up',
      'sstate-cache.example.org NS = ns1.example.org, ns2.example.org (via 10.0.0.2)',
    ],
    ['is down with no answer at all', answered('A', []), {}, 'down', 'sstate-cache.example.org A answered nothing (via 10.0.0.2)'],
    ['says the name does not exist', failed('ENOTFOUND'), {}, 'down', 'sstate-cache.example.org does not exist (NXDOMAIN) (via 10.0.0.2)'],
    ['names the missing record type', failed('ENODATA'), {}, 'down', 'sstate-cache.example.org has no A record (via 10.0.0.2)'],
    ['says the resolver failed', failed('ESERVFAIL'), {}, 'down', 'the resolver answered SERVFAIL for sstate-cache.example.org (via 10.0.0.2)'],
    ['says the resolver did not answer', failed('ETIMEOUT'), {}, 'down', 'the resolver did not answer for sstate-cache.example.org (via 10.0.0.2)'],
    ['passes unknown errors on', failed(undefined, 'something odd'), {}, 'down', 'could not resolve sstate-cache.example.org: something odd (via 10.0.0.2)'],
  ];
  it.each(cases)('%s', (_name, seen, settings, status, message) => {
    expect(judgeDns(seen, settings)).toEqual({ status, message });
  });
});

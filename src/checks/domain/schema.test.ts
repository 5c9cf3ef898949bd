import { describe, expect, it } from 'vitest';
import { domainSettings, rdapDefaults } from './schema.js';

const problems = (input: Record<string, unknown>) => domainSettings.safeParse(input).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);

describe('domain settings', () => {
  it('warns 30 days ahead and is down 7 days ahead by default', () => {
    expect(domainSettings.parse({ domain: 'example.org' })).toEqual({ domain: 'example.org', warn_days: 30, critical_days: 7 });
  });
  it('takes internationalised names and a trailing dot', () => {
    expect(domainSettings.parse({ domain: 'bücher.example.' }).domain).toBe('bücher.example.');
  });
  it.each([
    [{ domain: 'localhost' }, 'domain: expected a domain name such as example.org'],
    [{ domain: 'https://example.org' }, 'domain: expected a domain name such as example.org'],
    [{ domain: '-bad.example' }, 'domain: expected a domain name such as example.org'],
    [{ domain: 'example.org', rdap_server: 'ftp://rdap.example' }, 'rdap_server: expected an http:// or https:// URL'],
    [{ domain: 'example.org', warn_days: 5 }, 'critical_days: expected critical_days to be at most warn_days'],
  ])('refuses %j', (input, problem) => {
    expect(problems(input)).toEqual([problem]);
  });
  it("defaults server.rdap to IANA's bootstrap file", () => {
    expect(rdapDefaults.parse({})).toEqual({ bootstrap_url: 'https://data.iana.org/rdap/dns.json' });
  });
});

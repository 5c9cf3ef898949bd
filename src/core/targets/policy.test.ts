import { describe, expect, it } from 'vitest';
import { allOf, parseRule, probeTargetPolicy, type ProbeTargets } from './policy.js';
import { publicOnly } from './public-only.js';

const decide = (targets: Partial<ProbeTargets>, host: string, address: string) => {
  const policy = probeTargetPolicy({ allow: [], deny: [], ...targets });
  const decision = policy ? policy.decide(host, address) : { allowed: true as const };
  return decision.allowed ? 'allowed' : decision.why;
};

describe('server.probe_targets', () => {
  const RECOMMENDED = { deny: ['127.0.0.0/8', '::1/128', '169.254.0.0/16', 'fe80::/10'] };
  const cases: [string, Partial<ProbeTargets>, string, string, string][] = [
    ['allows everything when both lists are empty', {}, '127.0.0.1', '127.0.0.1', 'allowed'],
    ['refuses an address in a denied range', RECOMMENDED, 'redis.internal', '127.0.0.1', 'is not allowed by server.probe_targets (deny 127.0.0.0/8)'],
    ['refuses the IPv4-mapped spelling of a denied address', RECOMMENDED, 'x', '::ffff:127.0.0.1', 'is not allowed by server.probe_targets (deny 127.0.0.0/8)'],
    ['refuses a denied IPv6 address', RECOMMENDED, '::1', '::1', 'is not allowed by server.probe_targets (deny ::1/128)'],
    [
      'refuses the metadata address',
      RECOMMENDED,
      'metadata.google.internal',
      '169.254.169.254',
      'is not allowed by server.probe_targets (deny 169.254.0.0/16)',
    ],
    ['allows what no deny entry matches', RECOMMENDED, 'example.org', '93.184.215.14', 'allowed'],
    [
      'refuses what an allow list does not name',
      { allow: ['10.1.0.0/16'] },
      'example.org',
      '93.184.215.14',
      'is not allowed by server.probe_targets (not in allow)',
    ],
    ['allows what an allow list names', { allow: ['10.1.0.0/16'] }, 'db', '10.1.2.3', 'allowed'],
    ['lets a narrower allow carve an exception from a deny', { deny: ['10.0.0.0/8'], allow: ['10.1.2.3'] }, 'db', '10.1.2.3', 'allowed'],
    [
      'keeps the rest of the denied range refused around the exception',
      { deny: ['10.0.0.0/8'], allow: ['10.1.2.3'] },
      'db',
      '10.1.2.4',
      'is not allowed by server.probe_targets (deny 10.0.0.0/8)',
    ],
    [
      'lets a narrower deny carve a hole in an allow',
      { allow: ['10.0.0.0/8'], deny: ['10.9.0.0/16'] },
      'x',
      '10.9.0.1',
      'is not allowed by server.probe_targets (deny 10.9.0.0/16)',
    ],
    [
      'lets deny win between equally specific entries',
      { allow: ['10.0.0.0/8'], deny: ['10.0.0.0/8'] },
      'x',
      '10.0.0.1',
      'is not allowed by server.probe_targets (deny 10.0.0.0/8)',
    ],
    [
      'refuses a denied host name whatever it resolves to',
      { deny: ['*.internal.example.org'] },
      'wiki.internal.example.org',
      '93.184.215.14',
      'is not allowed by server.probe_targets (deny *.internal.example.org)',
    ],
    [
      'matches wildcards at any depth',
      { deny: ['*.internal.example.org'] },
      'A.B.Internal.Example.org.',
      '93.184.215.14',
      'is not allowed by server.probe_targets (deny *.internal.example.org)',
    ],
    ["does not match the wildcard's own domain", { deny: ['*.internal.example.org'] }, 'internal.example.org', '93.184.215.14', 'allowed'],
    ['does not match a name that only ends alike', { deny: ['*.example.org'] }, 'badexample.org', '93.184.215.14', 'allowed'],
    ['lets an allowed host name through a denied range', { deny: ['10.0.0.0/8'], allow: ['db.internal'] }, 'db.internal', '10.0.0.7', 'allowed'],
    [
      'keeps other names in the range refused',
      { deny: ['10.0.0.0/8'], allow: ['db.internal'] },
      'wiki.internal',
      '10.0.0.7',
      'is not allowed by server.probe_targets (deny 10.0.0.0/8)',
    ],
    ['lets an exact name beat a wildcard', { deny: ['*.example.org'], allow: ['status.example.org'] }, 'status.example.org', '93.184.215.14', 'allowed'],
    [
      'lets a longer wildcard beat a shorter one',
      { allow: ['*.example.org'], deny: ['*.corp.example.org'] },
      'hr.corp.example.org',
      '93.184.215.14',
      'is not allowed by server.probe_targets (deny *.corp.example.org)',
    ],
    ['does not match host patterns against IP literals', { deny: ['localhost'] }, '127.0.0.1', '127.0.0.1', 'allowed'],
    ['refuses what is not an address at all', { deny: ['10.0.0.0/8'] }, 'x', 'nonsense', 'is not an IP address tocsin can check against server.probe_targets'],
  ];
  it.each(cases)('%s', (_what, targets, host, address, expected) => expect(decide(targets, host, address)).toBe(expected));

  it('is no policy at all when both lists are empty or absent', () => {
    expect(probeTargetPolicy(undefined)).toBeUndefined();
    expect(probeTargetPolicy({ allow: [], deny: [] })).toBeUndefined();
  });
});

describe('parseRule', () => {
  it('reads ranges, addresses, names and wildcards, in canonical form', () => {
    const texts = ['10.0.0.0/8', ' 10.1.2.3 ', 'FD00::/8', 'DB.Internal.', '*.internal.example.org'].map((text) => {
      const parsed = parseRule(text);
      return parsed.ok ? parsed.rule.text : parsed.problem;
    });
    expect(texts).toEqual(['10.0.0.0/8', '10.1.2.3/32', 'fd00::/8', 'db.internal', '*.internal.example.org']);
  });

  const refused: [string, string][] = [
    ['10.1.2.3/8', '10.1.2.3/8 has bits set after its /8 prefix; did you mean 10.0.0.0/8?'],
    ['*', '"*": expected a CIDR range (10.0.0.0/8, fd00::/8), an IP address, a host name or a pattern such as *.internal.example.org'],
    ['*.org', '"*.org": expected a CIDR range (10.0.0.0/8, fd00::/8), an IP address, a host name or a pattern such as *.internal.example.org'],
    ['db.*.org', '"db.*.org": expected a CIDR range (10.0.0.0/8, fd00::/8), an IP address, a host name or a pattern such as *.internal.example.org'],
    ['http://db/', '"http://db/": expected a CIDR range (10.0.0.0/8, fd00::/8), an IP address, a host name or a pattern such as *.internal.example.org'],
    ['', '"": expected a CIDR range (10.0.0.0/8, fd00::/8), an IP address, a host name or a pattern such as *.internal.example.org'],
  ];
  it.each(refused)('refuses %j, saying why', (text, problem) => expect(parseRule(text)).toEqual({ ok: false, problem }));
});

describe('allOf', () => {
  it('answers the first refusal, and allows only what every policy allows', () => {
    const policy = allOf(probeTargetPolicy({ allow: [], deny: ['10.9.0.0/16'] }), publicOnly('webhooks must be public'))!;
    expect(policy.decide('x', '10.9.0.1')).toEqual({ allowed: false, why: 'is not allowed by server.probe_targets (deny 10.9.0.0/16)' });
    expect(policy.decide('x', '10.8.0.1')).toEqual({ allowed: false, why: 'is a private address (10.0.0.0/8); webhooks must be public' });
    expect(policy.decide('x', '93.184.215.14')).toEqual({ allowed: true });
  });

  it('is the one policy given, or none', () => {
    const one = publicOnly('p');
    expect(allOf(undefined, one)).toBe(one);
    expect(allOf(undefined, undefined)).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { publicOnly } from './public-only.js';

const policy = publicOnly('status page webhooks must reach a public address');
const verdict = (address: string) => {
  const decision = policy.decide('hook.example.org', address);
  return decision.allowed ? 'public' : decision.why.replace(/; status page webhooks.*$/, '');
};

describe('publicOnly', () => {
  const cases: [string, string][] = [
    ['127.0.0.1', 'is a loopback address (127.0.0.0/8)'],
    ['127.53.0.1', 'is a loopback address (127.0.0.0/8)'],
    ['::1', 'is a loopback address (::1/128)'],
    ['::ffff:127.0.0.1', 'is a loopback address (127.0.0.0/8)'],
    ['0.0.0.0', 'is an unspecified ("this network") address (0.0.0.0/8)'],
    ['::', 'is an unspecified address (::/128)'],
    ['10.20.30.40', 'is a private address (10.0.0.0/8)'],
    ['172.16.0.1', 'is a private address (172.16.0.0/12)'],
    ['172.31.255.255', 'is a private address (172.16.0.0/12)'],
    ['192.168.1.1', 'is a private address (192.168.0.0/16)'],
    ['fd00:ec2::254', 'is a private address (fc00::/7)'],
    ['100.100.100.200', 'is a shared (carrier-grade NAT) address (100.64.0.0/10)'],
    ['169.254.169.254', 'is a link-local address (169.254.0.0/16)'],
    ['fe80::1', 'is a link-local address (fe80::/10)'],
    ['192.0.0.192', 'is an IETF protocol address (192.0.0.0/24)'],
    ['198.18.0.1', 'is a benchmarking address (198.18.0.0/15)'],
    ['224.0.0.251', 'is a multicast address (224.0.0.0/4)'],
    ['ff02::1', 'is a multicast address (ff00::/8)'],
    ['255.255.255.255', 'is a reserved address (240.0.0.0/4)'],
    ['64:ff9b::7f00:1', 'is a NAT64 address (64:ff9b::/96)'],
    ['2002:7f00:1::', 'is a 6to4 address (2002::/16)'],
    ['172.32.0.1', 'public'],
    ['100.128.0.1', 'public'],
    ['93.184.215.14', 'public'],
    ['2606:2800:21f:cb07:6820:80da:af6b:8b2c', 'public'],
    ['203.0.113.10', 'public'],
  ];
  it.each(cases)('judges %s: %s', (address, expected) => expect(verdict(address)).toBe(expected));

  it('ends the refusal with the purpose it was given', () => {
    expect(policy.decide('h', '10.0.0.1')).toEqual({
      allowed: false,
      why: 'is a private address (10.0.0.0/8); status page webhooks must reach a public address',
    });
  });
});

/**
 * Addresses a stranger must never make tocsin reach: the host itself, the networks around it and
 * the cloud metadata services (169.254.169.254, fd00:ec2::254, 100.100.100.200 all fall in the
 * ranges below). Status page webhooks are subscribed anonymously, so they are held to public
 * addresses unless the owner opens them. Pure.
 */
import { contains, parseAddress, parseCidr, type Cidr } from './address.js';
import type { TargetPolicy } from './policy.js';

const SPECIAL: [range: string, what: string][] = [
  ['0.0.0.0/8', 'an unspecified ("this network") address'],
  ['127.0.0.0/8', 'a loopback address'],
  ['10.0.0.0/8', 'a private address'],
  ['172.16.0.0/12', 'a private address'],
  ['192.168.0.0/16', 'a private address'],
  ['100.64.0.0/10', 'a shared (carrier-grade NAT) address'],
  ['169.254.0.0/16', 'a link-local address'],
  ['192.0.0.0/24', 'an IETF protocol address'],
  ['198.18.0.0/15', 'a benchmarking address'],
  ['224.0.0.0/4', 'a multicast address'],
  ['240.0.0.0/4', 'a reserved address'],
  ['::/128', 'an unspecified address'],
  ['::1/128', 'a loopback address'],
  ['fc00::/7', 'a private address'],
  ['fe80::/10', 'a link-local address'],
  ['ff00::/8', 'a multicast address'],
  // NAT64 and 6to4 carry an IPv4 address a gateway would connect to; a webhook has no need of them.
  ['64:ff9b::/96', 'a NAT64 address'],
  ['2002::/16', 'a 6to4 address'],
];

const RANGES: { cidr: Cidr; text: string; what: string }[] = SPECIAL.map(([text, what]) => {
  const parsed = parseCidr(text);
  if (!parsed?.ok) throw new Error(`bad built-in range ${text}`);
  return { cidr: parsed.cidr, text, what };
});

/** Refuses every special-purpose address; `purpose` ends the sentence: "…; <purpose>". */
export function publicOnly(purpose: string): TargetPolicy {
  return {
    decide(_host, address) {
      const ip = parseAddress(address);
      if (!ip) return { allowed: false, why: `is not an IP address; ${purpose}` };
      const range = RANGES.find((r) => contains(r.cidr, ip));
      return range ? { allowed: false, why: `is ${range.what} (${range.text}); ${purpose}` } : { allowed: true };
    },
  };
}

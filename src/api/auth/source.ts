/**
 * Where a sign-in comes from, as the throttle counts it. An IPv4 address is one source; an IPv6
 * address counts by its /64, because one machine or home network is handed a whole /64 and could
 * otherwise try from 2^64 "different" addresses.
 */
import { isIPv4, isIPv6 } from 'node:net';

export function sourceOf(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)?.[1];
  if (mapped !== undefined) return mapped;
  if (isIPv4(ip) || !isIPv6(ip)) return ip;
  return `${expand(ip).slice(0, 4).join(':')}::/64`;
}

/** The eight groups of an IPv6 address, "::" filled in, leading zeros dropped ("2001:db8:0:1"). */
function expand(ip: string): string[] {
  const [head = '', tail] = ip.split('%')[0]!.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return groups.map((g) => (/^\d+\.\d+\.\d+\.\d+$/.test(g) ? g : parseInt(g, 16).toString(16)));
}

/**
 * Resolve, check, then connect to exactly that address. Every outgoing connection (checks,
 * channels, status page webhooks) asks here which of a host's addresses its policy allows and
 * then connects to one of those IPs itself, never to the name: a resolver that answers
 * differently a moment later (DNS rebinding) cannot slip an address past the check.
 */
import { isIPv6 } from 'node:net';
import type { TargetPolicy } from '../../core/targets/policy.js';
import { plural } from '../plural.js';
import { resolveHost, type ResolveOptions } from './resolve.js';

/** A connection the policy refused, in words. `describeDnsError` passes the message through. */
export class TargetRefused extends Error {
  readonly code = 'ETARGETREFUSED';
}

/**
 * The addresses of `host` that `policy` allows, in the resolver's order (all of them without a
 * policy). Refused ones are left out, so a name that also answers an internal address is only
 * ever reached at its allowed ones; TargetRefused when none is allowed.
 */
export async function resolveAllowed(host: string, port: number, policy: TargetPolicy | undefined, options: ResolveOptions): Promise<string[]> {
  const addresses = await resolveHost(host, options);
  if (!policy) return addresses;
  const refusals: string[] = [];
  const allowed = addresses.filter((address) => {
    const why = refusal(policy, host, address, port);
    if (why) refusals.push(why);
    return why === undefined;
  });
  const [first] = refusals;
  if (allowed.length > 0 || first === undefined) return allowed;
  throw new TargetRefused(refusals.length === 1 ? first : `${first} (and likewise its ${plural(refusals.length - 1, 'other address', 'other addresses')})`);
}

/** Why `policy` refuses `address:port` (reached as `host`), or undefined when it allows it. */
export function refusal(policy: TargetPolicy | undefined, host: string, address: string, port: number): string | undefined {
  const decision = policy?.decide(bare(host), address);
  if (!decision || decision.allowed) return undefined;
  const target = isIPv6(address) ? `[${address}]:${port}` : `${address}:${port}`;
  const name = bare(host).toLowerCase() === address.toLowerCase() ? '' : ` (${bare(host)})`;
  return `${target}${name} ${decision.why}`;
}

function bare(host: string): string {
  return host.replace(/^\[(.*)\]$/, '$1');
}

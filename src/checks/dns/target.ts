import type { ResolvedSettings } from '../../schema/config.js';
import { plainProbe, rateKeyOf, type Target, writableAnywhere } from '../target.js';

export const dnsTarget: Target<ResolvedSettings['dns']> = {
  describe: (s) => `${s.record} ${s.query}${s.resolver ? ` @${s.resolver}` : ''}`,
  // The system's resolvers are only known at run time.
  rateKey: (s) => (s.resolver === undefined ? undefined : ofResolver(s.resolver)),
  reach: plainProbe,
  fileOnly: writableAnywhere,
};

/** "10.0.0.2", "10.0.0.2:5353", "[::1]:53" or a bare "::1", as the dns schema allows. */
function ofResolver(resolver: string): string {
  const bracketed = /^\[(.+)\](?::(\d+))?$/.exec(resolver);
  if (bracketed) return rateKeyOf(bracketed[1]!, Number(bracketed[2] ?? 53));
  const parts = resolver.split(':');
  if (parts.length > 2) return rateKeyOf(resolver, 53);
  return rateKeyOf(parts[0]!, Number(parts[1] ?? 53));
}

import type { CheckResult } from '../../core/types.js';
import { iso, span } from '../tls/judge.js';
import type { DomainObservation } from './observe.js';
import type { DomainSettings } from './schema.js';

type Verdict = Pick<CheckResult, 'status' | 'message' | 'metrics'>;
type Policy = Pick<DomainSettings, 'warn_days' | 'critical_days'>;

const DAY = 86_400_000;

/** RFC 8056 statuses of a registration on its way out: the name stops resolving or is about to be released. */
const ENDING = ['redemption period', 'pending delete'];

/**
 * What an RDAP answer means for `domain` at `now`; `lookedUpAt` says how old the answer is. A
 * lookup that failed is unknown, not down: the registry's server being slow says nothing about
 * the registration. Pure.
 */
export function judgeDomain(domain: string, seen: DomainObservation, policy: Policy, now: number, lookedUpAt: number): Verdict {
  const age = now - lookedUpAt >= 60_000 ? ` (RDAP answer from ${span(now - lookedUpAt)} ago)` : '';
  if (seen.outcome === 'failed') return { status: 'unknown', message: `could not read the registration of ${domain} over RDAP: ${seen.reason}${age}` };
  if (seen.outcome === 'not-registered') return { status: 'down', message: `${domain} is not registered: ${seen.server} answered 404 (not found)${age}` };
  const { expires, registrar, statuses } = seen.registration;
  const by = registrar ? `, registrar ${registrar}` : '';
  const ending = statuses.find((s) => ENDING.includes(s.toLowerCase()));
  if (ending) return { status: 'down', message: `${domain} is in "${ending}": the registration has lapsed${by}${age}` };
  if (!expires) return { status: 'unknown', message: `${seen.server} publishes no expiration date for ${domain}${by}${age}` };
  const left = expires.getTime() - now;
  const metrics = { domain_days_left: Math.round((left / DAY) * 100) / 100, domain_expires: Math.floor(expires.getTime() / 1000) };
  const until = iso(expires);
  if (left <= 0) return { status: 'down', message: `registration of ${domain} expired ${span(-left)} ago (${until})${by}${age}`, metrics };
  if (left < policy.critical_days * DAY)
    return {
      status: 'down',
      message: `registration of ${domain} expires in ${span(left)} (${until}), below critical_days ${policy.critical_days}${by}${age}`,
      metrics,
    };
  if (left < policy.warn_days * DAY)
    return {
      status: 'degraded',
      message: `registration of ${domain} expires in ${span(left)} (${until}), below warn_days ${policy.warn_days}${by}${age}`,
      metrics,
    };
  return { status: 'up', message: `registration of ${domain} valid for ${span(left)} (until ${until})${by}${age}`, metrics };
}

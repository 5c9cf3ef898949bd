import { domainToASCII } from 'node:url';
import type { Check, CheckContext } from '../types.js';
import type { Bootstrap } from './bootstrap.js';
import { LookupCache } from './cache.js';
import { judgeDomain } from './judge.js';
import { fetchBootstrap, observeDomain, type DomainObservation, type RdapSource } from './observe.js';
import { IANA_DNS_BOOTSTRAP, type DomainSettings } from './schema.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Answers are kept a day; a failed lookup is retried after an hour, not on every run. */
const keepFor = (seen: DomainObservation) => (seen.outcome === 'failed' ? HOUR : DAY);

/**
 * A domain check with its own caches of RDAP answers and bootstrap files (one per process, made
 * in the registry); `now` is injected so tests can move a day on.
 */
export function createDomainCheck(now: () => number = Date.now): Check<DomainSettings> {
  const answers = new LookupCache<DomainObservation>(now);
  const bootstraps = new LookupCache<Bootstrap>(now, 100);
  const bootstrapFor = (ctx: CheckContext) => async (url: string) => {
    const kept = bootstraps.get(url, () => DAY);
    if (kept) return kept.value;
    const fresh = await fetchBootstrap(url, ctx);
    bootstraps.set(url, fresh);
    return fresh;
  };
  return {
    type: 'domain',
    async run(settings, ctx) {
      const domain = domainToASCII(settings.domain.replace(/\.$/, '')) || settings.domain.toLowerCase();
      const source: RdapSource = { bootstrapUrl: ctx.rdap?.bootstrap_url ?? IANA_DNS_BOOTSTRAP };
      const server = settings.rdap_server ?? ctx.rdap?.server;
      if (server !== undefined) source.server = server;
      const key = `${domain} ${source.server ?? source.bootstrapUrl}`;
      let kept = answers.get(key, keepFor);
      if (!kept) {
        answers.set(key, await observeDomain(domain, source, ctx, bootstrapFor(ctx)));
        kept = answers.get(key, keepFor)!;
      }
      const timings = ctx.phases.finish();
      return { ...judgeDomain(domain, kept.value, settings, now(), kept.at), latencyMs: timings.total ?? 0, timings };
    },
  };
}

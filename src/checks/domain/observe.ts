import { ObservedFailure } from '../tls/connect.js';
import type { CheckContext } from '../types.js';
import { parseBootstrap, serverFor, withSlash, type Bootstrap } from './bootstrap.js';
import { getJson } from './fetch-json.js';
import { readRegistration, type Registration } from './registration.js';

/** What an RDAP lookup found, before any judgement. `server` is the host that answered. */
export type DomainObservation =
  { outcome: 'registered'; server: string; registration: Registration } | { outcome: 'not-registered'; server: string } | { outcome: 'failed'; reason: string };

/** Where to ask: a server named in the config, else the one the bootstrap file names for the TLD. */
export interface RdapSource {
  server?: string;
  bootstrapUrl: string;
}

/** IANA's dns.json is about 50 kB; RDAP domain objects a few kB. */
const BOOTSTRAP_LIMIT = 1024 * 1024;
const ANSWER_LIMIT = 256 * 1024;

/** Looks `domain` (ASCII) up over RDAP. Failures are observations; an abort rejects. */
export async function observeDomain(
  domain: string,
  source: RdapSource,
  ctx: CheckContext,
  bootstrap: (url: string) => Promise<Bootstrap>,
): Promise<DomainObservation> {
  try {
    const base = source.server ?? serverFor(await bootstrap(source.bootstrapUrl), domain);
    if (base === undefined) {
      const tld = domain.split('.').pop();
      return { outcome: 'failed', reason: `the bootstrap file ${new URL(source.bootstrapUrl).host} names no RDAP server for .${tld}; set rdap_server` };
    }
    const answer = await getJson(`${withSlash(base)}domain/${domain}`, ctx, ANSWER_LIMIT);
    const server = new URL(answer.url).host;
    // RFC 7480 §5.3: 404 is "not found"; asked of the registry's own server, the name is not registered.
    if (answer.status === 404) return { outcome: 'not-registered', server };
    if (answer.status !== 200) return { outcome: 'failed', reason: `${server} answered HTTP ${answer.status}` };
    const registration = readRegistration(answer.json);
    if (typeof registration === 'string') return { outcome: 'failed', reason: `${server}: ${registration}` };
    return { outcome: 'registered', server, registration };
  } catch (error) {
    if (ctx.signal.aborted) throw ctx.signal.reason;
    if (error instanceof ObservedFailure) return { outcome: 'failed', reason: error.message };
    throw error;
  } finally {
    ctx.phases.close();
  }
}

/** Fetches and reads a bootstrap file; a bad one is an ObservedFailure naming it. */
export async function fetchBootstrap(url: string, ctx: CheckContext): Promise<Bootstrap> {
  const answer = await getJson(url, ctx, BOOTSTRAP_LIMIT);
  const host = new URL(url).host;
  if (answer.status !== 200) throw new ObservedFailure(`the bootstrap file at ${host} answered HTTP ${answer.status}`);
  const bootstrap = parseBootstrap(answer.json);
  if (typeof bootstrap === 'string') throw new ObservedFailure(`the bootstrap file at ${host} is not usable: ${bootstrap}`);
  return bootstrap;
}

/**
 * RFC 9224 bootstrap for domain names: `services` is a list of `[[labels…], [base URLs…]]`; a name
 * is served by the entry matching the most of its rightmost labels. Pure, so the matching is
 * tested without a network.
 */
export type Bootstrap = ReadonlyMap<string, string>;

/** Entries → base URL (https preferred, as the RFC recommends), or a sentence saying what is wrong. */
export function parseBootstrap(json: unknown): Bootstrap | string {
  const services = (json as { services?: unknown } | null)?.services;
  if (!Array.isArray(services)) return 'it has no "services" array (RFC 9224)';
  const map = new Map<string, string>();
  for (const service of services) {
    if (!Array.isArray(service) || !Array.isArray(service[0]) || !Array.isArray(service[1])) continue;
    const urls = (service[1] as unknown[]).filter((url): url is string => typeof url === 'string' && /^https?:\/\//i.test(url));
    const base = urls.find((url) => /^https:/i.test(url)) ?? urls[0];
    if (base === undefined) continue;
    for (const entry of service[0] as unknown[]) if (typeof entry === 'string') map.set(entry.toLowerCase().replace(/\.$/, ''), withSlash(base));
  }
  return map;
}

/** The base URL for `domain` (ASCII, lower case): the longest matching label suffix wins. */
export function serverFor(bootstrap: Bootstrap, domain: string): string | undefined {
  const labels = domain.toLowerCase().replace(/\.$/, '').split('.');
  for (let start = 0; start < labels.length; start++) {
    const found = bootstrap.get(labels.slice(start).join('.'));
    if (found !== undefined) return found;
  }
  return undefined;
}

/** RFC 9224: base URLs end with "/"; the query path is appended to it. */
export function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

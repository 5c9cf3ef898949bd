import { promises as dnsPromises } from 'node:dns';
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';

/**
 * Host name → addresses for checks, never through `dns.lookup`: that runs on
 * libuv's 4-thread pool, which one hung resolver exhausts for every check in
 * the process. c-ares (dns.Resolver) is asynchronous and cancellable. /etc/hosts
 * is consulted first so names like `db.internal` and `localhost` behave as
 * they do for the rest of the system.
 */
export interface ResolveOptions {
  signal: AbortSignal;
  /** Per-query timeout for c-ares in ms (the caller's deadline still applies). */
  timeoutMs: number;
  /** `ip` or `ip:port`; the system's resolvers when absent. */
  server?: string;
  family?: 4 | 6 | 0;
}

export async function resolveHost(host: string, options: ResolveOptions): Promise<string[]> {
  const bare = host.replace(/^\[(.*)\]$/, '$1');
  if (isIP(bare)) return [bare];
  const fromHosts = hostsFile().get(bare.toLowerCase().replace(/\.$/, ''));
  if (fromHosts) {
    const matching = fromHosts.filter((a) => options.family === undefined || options.family === 0 || isIP(a) === options.family);
    if (matching.length > 0) return matching;
  }
  const resolver = makeResolver(options.timeoutMs, options.server);
  return withCancel(resolver, options.signal, async () => {
    const family = options.family ?? 0;
    if (family === 4) return resolver.resolve4(bare);
    if (family === 6) return resolver.resolve6(bare);
    const [v4, v6] = await Promise.allSettled([resolver.resolve4(bare), resolver.resolve6(bare)]);
    const addresses = [...(v4.status === 'fulfilled' ? v4.value : []), ...(v6.status === 'fulfilled' ? v6.value : [])];
    if (addresses.length > 0) return addresses;
    throw v4.status === 'rejected' ? v4.reason : new Error(`no address for ${bare}`);
  });
}

export function makeResolver(timeoutMs: number, server?: string): dnsPromises.Resolver {
  // tries: 1 — the runner's deadline is the retry budget; c-ares would otherwise retry 4 times.
  const resolver = new dnsPromises.Resolver({ timeout: Math.max(1, Math.floor(timeoutMs)), tries: 1 });
  if (server) resolver.setServers([server]);
  return resolver;
}

/** Runs `work`, cancelling the resolver's outstanding queries when `signal` aborts. */
export async function withCancel<T>(resolver: dnsPromises.Resolver, signal: AbortSignal, work: () => Promise<T>): Promise<T> {
  if (signal.aborted) throw signal.reason;
  const cancel = () => resolver.cancel();
  signal.addEventListener('abort', cancel, { once: true });
  try {
    return await work();
  } finally {
    signal.removeEventListener('abort', cancel);
  }
}

/** A readable reason for a c-ares error code. */
export function describeDnsError(error: unknown, name: string): string {
  const code = (error as { code?: string }).code;
  switch (code) {
    case 'ETARGETREFUSED':
      return (error as Error).message;
    case 'ENOTFOUND':
      return `${name} does not exist (NXDOMAIN)`;
    case 'ENODATA':
      return `${name} has no record of the requested type`;
    case 'ETIMEOUT':
      return `the resolver did not answer for ${name}`;
    case 'ECONNREFUSED':
      return `the resolver refused the connection while resolving ${name}`;
    case 'ESERVFAIL':
      return `the resolver answered SERVFAIL for ${name}`;
    case 'EREFUSED':
      return `the resolver refused the query for ${name}`;
    case 'ECANCELLED':
      return `resolving ${name} was cancelled`;
    default:
      return `could not resolve ${name}: ${(error as Error).message ?? String(error)}`;
  }
}

let hostsCache: { at: number; map: Map<string, string[]> } | undefined;

/** /etc/hosts, re-read at most every 30 s. */
function hostsFile(): Map<string, string[]> {
  const now = Date.now();
  if (hostsCache && now - hostsCache.at < 30_000) return hostsCache.map;
  const map = new Map<string, string[]>();
  let text = '';
  try {
    text = readFileSync('/etc/hosts', 'utf8');
  } catch {
    // No hosts file: only DNS.
  }
  for (const line of text.split('\n')) {
    const [address, ...names] = line.replace(/#.*/, '').trim().split(/\s+/);
    if (!address || !isIP(address)) continue;
    for (const name of names) {
      const key = name.toLowerCase();
      map.set(key, [...(map.get(key) ?? []), address]);
    }
  }
  if (!map.has('localhost')) map.set('localhost', ['127.0.0.1', '::1']);
  hostsCache = { at: now, map };
  return map;
}

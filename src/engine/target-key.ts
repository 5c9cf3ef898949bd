/**
 * The host:port a monitor's check connects to, for the per-target rate cap: monitors that reach the
 * same server share its budget whatever their type. Undefined when nothing remote is reached (exec,
 * self, heartbeats) or the target is only known at run time (a dns check on the system's resolvers).
 */
import type { MonitorConfig } from '../schema/config.js';

const DEFAULT_PORTS: Record<string, number> = { 'http:': 80, 'https:': 443, 'postgres:': 5432, 'postgresql:': 5432, 'mysql:': 3306, 'mariadb:': 3306, 'redis:': 6379, 'rediss:': 6379, 'ldap:': 389, 'ldaps:': 636 };

export function targetKey(monitor: MonitorConfig): string | undefined {
  switch (monitor.type) {
    case 'http':
    case 'postgres':
    case 'mysql':
    case 'redis':
    case 'ldap':
      return ofUrl(monitor.settings.url);
    case 'tcp':
    case 'tls':
    case 'smtp':
    case 'ssh':
      return key(monitor.settings.host, monitor.settings.port);
    case 'dns':
      return monitor.settings.resolver === undefined ? undefined : ofResolver(monitor.settings.resolver);
    default:
      return undefined;
  }
}

/** "10.0.0.2", "10.0.0.2:5353", "[::1]:53" or a bare "::1", as the dns schema allows. */
function ofResolver(resolver: string): string {
  const bracketed = /^\[(.+)\](?::(\d+))?$/.exec(resolver);
  if (bracketed) return key(bracketed[1]!, Number(bracketed[2] ?? 53));
  const parts = resolver.split(':');
  if (parts.length > 2) return key(resolver, 53);
  return key(parts[0]!, Number(parts[1] ?? 53));
}

function ofUrl(text: string): string | undefined {
  try {
    const url = new URL(text);
    const port = url.port ? Number(url.port) : DEFAULT_PORTS[url.protocol];
    return url.hostname && port !== undefined ? key(url.hostname, port) : undefined;
  } catch {
    return undefined;
  }
}

function key(host: string, port: number): string {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase().replace(/\.$/, '');
  return bare.includes(':') ? `[${bare}]:${port}` : `${bare}:${port}`;
}

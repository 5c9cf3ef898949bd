import { formatDuration } from '../lib/duration.js';
import { TocsinError } from '../lib/errors.js';
import { parseMonitor, type MonitorConfig } from '../schema/config.js';
import { defaultsSchema } from '../schema/system.js';

/**
 * Monitors for `tocsin check <URL>`: http(s) URLs get an http check, and
 * https also a certificate check (what a person means by "is this site OK?");
 * tcp://host:port a connect check; icmp://, udp://, ws(s):// and grpc(s):// their
 * checks; ssh://host[:port] a banner and host key check, ldap(s)://host[:port] an
 * anonymous bind, domain://example.org the registration's expiry over RDAP.
 * Validated by the same schema as the file.
 */
export function adHocMonitors(target: string, timeoutMs: number): MonitorConfig[] {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    throw new TocsinError('invalid_input', `"${target}" is neither a monitor id nor a URL such as https://example.org/ or tcp://db:5432`);
  }
  const timing = { timeout: formatDuration(timeoutMs), interval: formatDuration(Math.max(timeoutMs, 60_000)) };
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  switch (url.protocol) {
    case 'http:':
      return [build({ id: 'http', type: 'http', url: target, ...timing })];
    case 'https:':
      return [
        build({ id: 'http', type: 'http', url: target, ...timing }),
        build({ id: 'tls', type: 'tls', host, port: Number(url.port || 443), ...timing }),
      ];
    case 'tcp:':
      if (!url.port) throw new TocsinError('invalid_input', `${target}: a tcp:// URL needs a port, e.g. tcp://db.internal:5432`);
      return [build({ id: 'tcp', type: 'tcp', host, port: Number(url.port), ...timing })];
    case 'icmp:':
      return [build({ id: 'icmp', type: 'icmp', host, ...timing })];
    case 'udp:':
      return [build({ id: 'udp', type: 'udp', ...udpFromUrl(url, target), ...timing })];
    case 'ws:':
    case 'wss:':
      return [build({ id: 'websocket', type: 'websocket', url: target, ...timing })];
    case 'grpc:':
    case 'grpcs:':
      if (!url.port) throw new TocsinError('invalid_input', `${target}: a ${url.protocol}// URL needs a port, e.g. grpc://orders.internal:50051/myapp.Orders`);
      return [build({ id: 'grpc', type: 'grpc', host, port: Number(url.port), service: serviceOf(url), tls: url.protocol === 'grpcs:', ...timing })];
    case 'ssh:':
      return [build({ id: 'ssh', type: 'ssh', host, port: Number(url.port || 22), ...timing })];
    case 'ldap:':
    case 'ldaps:':
      return [build({ id: 'ldap', type: 'ldap', url: target, ...timing })];
    case 'domain:':
      if (url.port || (url.pathname !== '' && url.pathname !== '/')) throw new TocsinError('invalid_input', `${target}: a domain:// URL names only the domain, e.g. domain://example.org`);
      return [build({ id: 'domain', type: 'domain', domain: decodeURIComponent(url.hostname), ...timing })];
    default:
      throw new TocsinError('invalid_input', `${url.protocol}// URLs cannot be checked ad hoc; use http://, https://, tcp://, icmp://, udp://, ws://, wss://, grpc://, grpcs://, ssh://, ldap://, ldaps:// or domain://, or a monitor id`);
  }
}

function build(input: Record<string, unknown>): MonitorConfig {
  const named = input.url ?? input.host ?? input.domain;
  const parsed = parseMonitor(input, defaultsSchema.parse({}));
  if (!parsed.ok) {
    const problem = parsed.problems[0]!;
    throw new TocsinError('invalid_input', `cannot check ${String(named)}: ${problem.path ? `${problem.path}: ` : ''}${problem.message}`);
  }
  return parsed.monitor;
}

/** udp://host:port?send=…&expect=… (or send_hex=…): the payload and the expected text as query parameters. */
function udpFromUrl(url: URL, target: string): Record<string, unknown> {
  if (!url.port) throw new TocsinError('invalid_input', `${target}: a udp:// URL needs a port, e.g. udp://ntp.internal:123?send_hex=1b${'00'.repeat(47)}`);
  const query = url.searchParams;
  const send = query.get('send') ?? (query.has('send_hex') ? undefined : '');
  const contains = query.get('expect');
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: Number(url.port),
    ...(send !== null && send !== undefined && { send }),
    ...(query.has('send_hex') && { send_hex: query.get('send_hex') }),
    ...(contains !== null && { expect: { contains } }),
  };
}

/** grpc://host:port/myapp.Orders asks about myapp.Orders; no path, the whole server. */
function serviceOf(url: URL): string {
  const path = url.pathname.replace(/^\//, '');
  try {
    return decodeURIComponent(path);
  } catch {
    return path; // not percent-encoding after all: the schema names what is wrong with it
  }
}

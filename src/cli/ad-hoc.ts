import { formatDuration } from '../lib/duration.js';
import { TocsinError } from '../lib/errors.js';
import { parseMonitor, type MonitorConfig } from '../schema/config.js';
import { defaultsSchema } from '../schema/system.js';

/**
 * Monitors for `tocsin check <URL>`: http(s) URLs get an http check, and
 * https also a certificate check (what a person means by "is this site OK?");
 * tcp://host:port a connect check, ssh://host[:port] a banner and host key check,
 * ldap(s)://host[:port] an anonymous bind, domain://example.org the registration's expiry
 * over RDAP. Validated by the same schema as the file.
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
    case 'ssh:':
      return [build({ id: 'ssh', type: 'ssh', host, port: Number(url.port || 22), ...timing })];
    case 'ldap:':
    case 'ldaps:':
      return [build({ id: 'ldap', type: 'ldap', url: target, ...timing })];
    case 'domain:':
      if (url.port || (url.pathname !== '' && url.pathname !== '/')) throw new TocsinError('invalid_input', `${target}: a domain:// URL names only the domain, e.g. domain://example.org`);
      return [build({ id: 'domain', type: 'domain', domain: decodeURIComponent(url.hostname), ...timing })];
    default:
      throw new TocsinError('invalid_input', `${url.protocol}// URLs cannot be checked ad hoc; use http://, https://, tcp://, ssh://, ldap://, ldaps:// or domain://, or a monitor id`);
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

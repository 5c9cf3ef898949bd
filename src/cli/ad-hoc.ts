import { formatDuration } from '../lib/duration.js';
import { TocsinError } from '../lib/errors.js';
import { parseMonitor, type MonitorConfig } from '../schema/config.js';
import { defaultsSchema } from '../schema/system.js';

/** The settings of the monitors one ad-hoc target means; id and timing are added by adHocMonitors. */
type Targeted = (url: URL, target: string) => Array<Record<string, unknown>>;

const hostOf = (url: URL) => url.hostname.replace(/^\[(.*)\]$/, '$1');
const portOf = (url: URL, fallback?: number) => (url.port ? Number(url.port) : fallback);

/**
 * What `tocsin check <URL>` runs for each scheme: http(s) an http check, and https also a
 * certificate check (what a person means by "is this site OK?"); database URLs the same probe as a
 * monitor with that url (SELECT 1, PING). One line per scheme: a check type adds its own.
 */
const AD_HOC_SCHEMES: Record<string, Targeted> = {
  'http:': (_url, target) => [{ type: 'http', url: target }],
  'https:': (url, target) => [
    { type: 'http', url: target },
    { type: 'tls', host: hostOf(url), port: portOf(url, 443) },
  ],
  'tcp:': (url, target) => [{ type: 'tcp', host: hostOf(url), port: portOf(url) ?? needPort(target, 'tcp://db.internal:5432') }],
  'tls:': (url) => [{ type: 'tls', host: hostOf(url), port: portOf(url, 443) }],
  'smtp:': (url) => [{ type: 'smtp', host: hostOf(url), port: portOf(url, 25), ...flags(url, { starttls: 'boolean' }) }],
  'dns:': (url) => [{ type: 'dns', query: hostOf(url), ...flags(url, { record: 'text', server: 'text' }, { server: 'resolver' }) }],
  'postgres:': (_url, target) => [{ type: 'postgres', url: target }],
  'postgresql:': (_url, target) => [{ type: 'postgres', url: target }],
  'mysql:': (_url, target) => [{ type: 'mysql', url: target }],
  'mariadb:': (_url, target) => [{ type: 'mysql', url: target }],
  'redis:': (_url, target) => [{ type: 'redis', url: target }],
  'rediss:': (_url, target) => [{ type: 'redis', url: target }],
  'icmp:': (url) => [{ type: 'icmp', host: hostOf(url) }],
  'udp:': (url, target) => [{ type: 'udp', ...udpFromUrl(url, target) }],
  'ws:': (_url, target) => [{ type: 'websocket', url: target }],
  'wss:': (_url, target) => [{ type: 'websocket', url: target }],
  'grpc:': (url, target) => [
    { type: 'grpc', host: hostOf(url), port: portOf(url) ?? needPort(target, 'grpc://orders.internal:50051/myapp.Orders'), service: serviceOf(url) },
  ],
  'grpcs:': (url, target) => [
    { type: 'grpc', host: hostOf(url), port: portOf(url) ?? needPort(target, 'grpcs://orders.internal:443/myapp.Orders'), service: serviceOf(url), tls: true },
  ],
  'ssh:': (url) => [{ type: 'ssh', host: hostOf(url), port: portOf(url, 22) }],
  'ldap:': (_url, target) => [{ type: 'ldap', url: target }],
  'ldaps:': (_url, target) => [{ type: 'ldap', url: target }],
  'domain:': (url, target) => [{ type: 'domain', domain: domainOf(url, target) }],
};

/** host:port, [v6]:port: a TCP connect check, as tcp://host:port. Never a monitor id (ids have no colon). */
const BARE_HOST_PORT = /^(?:\[[0-9a-fA-F:.]+\]|[A-Za-z0-9_.-]+):\d{1,5}$/;

/** Whether `tocsin check` was given a target rather than a monitor id. */
export function isAdHocTarget(target: string): boolean {
  return target.includes('://') || BARE_HOST_PORT.test(target);
}

/** The monitors to run for a URL or host:port, validated by the same schema as the file. */
export function adHocMonitors(target: string, timeoutMs: number): MonitorConfig[] {
  const spelled = BARE_HOST_PORT.test(target) ? `tcp://${target}` : target;
  let url: URL;
  try {
    url = new URL(spelled);
  } catch {
    throw new TocsinError(
      'invalid_input',
      `"${redact(target)}" is neither a monitor id nor a target such as https://example.org/, db.internal:5432 or postgres://user@db/app`,
    );
  }
  const targeted = AD_HOC_SCHEMES[url.protocol];
  if (!targeted) {
    const known = Object.keys(AD_HOC_SCHEMES)
      .map((scheme) => `${scheme}//`)
      .join(', ');
    throw new TocsinError('invalid_input', `${url.protocol}// URLs cannot be checked ad hoc; use one of ${known}, host:port, or a monitor id`);
  }
  const timing = { timeout: formatDuration(timeoutMs), interval: formatDuration(Math.max(timeoutMs, 60_000)) };
  return targeted(url, spelled).map((settings) => build({ id: String(settings.type), ...settings, ...timing }, target));
}

/** A URL with its password replaced, for anything printed: the command line may hold a secret. */
export function redact(target: string): string {
  try {
    const url = new URL(target);
    if (!url.password) return target;
    url.password = '***';
    return url.toString();
  } catch {
    // Not a URL, but it may still spell user:password@ (a typo elsewhere in it).
    return target.replace(/(\/\/[^/@:]*:)[^@/]*@/, '$1***@');
  }
}

function needPort(target: string, example: string): never {
  const scheme = example.slice(0, example.indexOf('//') + 2);
  throw new TocsinError('invalid_input', `${redact(target)}: a ${scheme} URL needs a port, e.g. ${example}`);
}

/**
 * Query parameters as settings (dns://name?record=MX&server=10.0.0.2), each known by name; any
 * other is refused, so a typo is not silently a different check.
 */
function flags(url: URL, known: Record<string, 'text' | 'boolean'>, renamed: Record<string, string> = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of url.searchParams) {
    const kind = known[name];
    if (!kind) {
      throw new TocsinError(
        'invalid_input',
        `${url.protocol}// takes ${Object.keys(known)
          .map((k) => `?${k}=`)
          .join(', ')}; not ?${name}=`,
        { field: name },
      );
    }
    if (kind === 'boolean' && !['true', 'false'].includes(value)) {
      throw new TocsinError('invalid_input', `?${name}= expects true or false, got "${value}"`, { field: name });
    }
    out[renamed[name] ?? name] = kind === 'boolean' ? value === 'true' : value;
  }
  return out;
}

function build(input: Record<string, unknown>, target: string): MonitorConfig {
  const parsed = parseMonitor(input, defaultsSchema.parse({}));
  if (!parsed.ok) {
    const problem = parsed.problems[0]!;
    const field = problem.path === 'resolver' ? 'server' : problem.path;
    throw new TocsinError('invalid_input', `cannot check ${redact(target)}: ${field ? `${field}: ` : ''}${problem.message}`);
  }
  return parsed.monitor;
}

/** udp://host:port?send=…&expect=… (or send_hex=…): the payload and the expected text as query parameters. */
function udpFromUrl(url: URL, target: string): Record<string, unknown> {
  if (!url.port) needPort(target, `udp://ntp.internal:123?send_hex=1b${'00'.repeat(47)}`);
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

/** domain://example.org names only the domain. */
function domainOf(url: URL, target: string): string {
  if (url.port || (url.pathname !== '' && url.pathname !== '/'))
    throw new TocsinError('invalid_input', `${redact(target)}: a domain:// URL names only the domain, e.g. domain://example.org`);
  return decodeURIComponent(url.hostname);
}

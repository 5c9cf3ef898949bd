/**
 * Gatus config.yaml → tocsin draft. Gatus endpoints name their check by URL scheme (http(s)://,
 * tcp://, icmp://, tls://, dns via a `dns` block, ssh://) and judge with condition strings such as
 * "[STATUS] == 200"; the common conditions map to tocsin's expect keys, the rest are listed.
 */
import { parse } from 'yaml';
import { emptyDraft, idFor, text, type Draft, type Entry } from './draft.js';

const DURATION = /^\d+(ms|s|m|h|d)$/;

export function importGatus(source: string): Draft {
  const doc: unknown = parse(source, { maxAliasCount: 100, uniqueKeys: false });
  if (!isObject(doc)) throw new Error('expected a Gatus config: a YAML mapping with "endpoints"');
  const draft = emptyDraft('Gatus');
  const ids = new Set<string>();
  for (const [i, endpoint] of list(doc.endpoints).entries()) addEndpoint(draft, endpoint, ids, i);
  for (const [i, external] of list(doc['external-endpoints']).entries()) {
    const name = isObject(external) ? text(external.name) : undefined;
    draft.skipped.push(`external endpoint "${name ?? `#${i + 1}`}": push-based; create a heartbeat monitor and have its job ping /ping/<uuid> instead`);
  }
  if (isObject(doc.alerting)) addAlerting(draft, doc.alerting);
  return draft;
}

function addEndpoint(draft: Draft, endpoint: unknown, ids: Set<string>, index: number): void {
  if (!isObject(endpoint)) return void draft.skipped.push(`endpoint #${index + 1}: not a mapping`);
  const name = text(endpoint.name) ?? `endpoint-${index + 1}`;
  const url = text(endpoint.url);
  if (endpoint.enabled === false) return void draft.skipped.push(`endpoint "${name}": disabled in Gatus`);
  if (!url) return void draft.skipped.push(`endpoint "${name}": no url`);
  const base: Entry = { id: idFor(name, ids, `endpoint-${index + 1}`), name };
  const group = text(endpoint.group);
  if (group) base.group = group;
  const interval = text(endpoint.interval);
  if (interval && DURATION.test(interval)) base.interval = interval;
  const settings = targetOf(url, endpoint);
  if ('why' in settings) return void draft.skipped.push(`endpoint "${name}": ${String(settings.why)}`);
  const expect: Entry = {};
  for (const condition of list(endpoint.conditions)) {
    if (typeof condition !== 'string') continue;
    if (!applyCondition(condition, settings.type, expect))
      draft.skipped.push(`endpoint "${name}": condition "${condition.slice(0, 200)}" has no tocsin equivalent; left out`);
  }
  draft.monitors.push({ ...base, ...settings, ...(Object.keys(expect).length > 0 && { expect }) });
}

function targetOf(url: string, endpoint: Entry): Entry | { why: string } {
  const scheme = /^([a-z]+):\/\//.exec(url)?.[1];
  const rest = url.replace(/^[a-z]+:\/\//, '');
  const [host, port] = splitHostPort(rest);
  if (isObject(endpoint.dns)) {
    const record = text(endpoint.dns['query-type']) ?? 'A';
    return { type: 'dns', query: text(endpoint.dns['query-name']), record, resolver: host + (port ? `:${port}` : '') };
  }
  switch (scheme) {
    case 'http':
    case 'https': {
      const method = text(endpoint.method);
      return { type: 'http', url, ...(method && method !== 'GET' && { method: method.toUpperCase() }) };
    }
    case 'tcp':
      return port ? { type: 'tcp', host, port } : { why: 'tcp:// without a port' };
    case 'tls':
      return { type: 'tls', host, ...(port && { port }) };
    case 'icmp':
      return { type: 'icmp', host };
    case 'ssh':
      return { type: 'ssh', host, ...(port && { port }) };
    default:
      return { why: `the ${scheme ?? 'unknown'}:// scheme has no tocsin check type` };
  }
}

/** Maps the conditions tocsin has a key for; false for the rest. */
function applyCondition(condition: string, type: unknown, expect: Entry): boolean {
  const c = condition.replace(/\s+/g, ' ').trim();
  let m = /^\[STATUS\] == (\d{3})$/.exec(c);
  if (m && type === 'http') return (void (expect.status = [...((expect.status as number[] | undefined) ?? []), Number(m[1])]), true);
  m = /^\[RESPONSE_TIME\] < (\d+)$/.exec(c);
  if (m && type === 'http') return (void (expect.max_latency = `${m[1]}ms`), true);
  m = /^\[BODY\] == pat\(\*(.+)\*\)$/.exec(c);
  if (m && type === 'http') return (void (expect.body_contains = m[1]), true);
  if (c === '[CONNECTED] == true') return type === 'tcp' || type === 'tls' || type === 'ssh' || type === 'icmp';
  if (c === '[DNS_RCODE] == NOERROR') return type === 'dns';
  return false;
}

/** Gatus alerting providers to tocsin channels, one per provider (Gatus has one of each). */
function addAlerting(draft: Draft, alerting: Entry): void {
  for (const [provider, value] of Object.entries(alerting)) {
    const conf = isObject(value) ? value : {};
    const url = text(conf['webhook-url']);
    const channel = channelOf(provider, conf, url);
    if (channel) draft.channels[`gatus-${provider}`] = channel;
    else draft.skipped.push(`alerting provider "${provider}": no tocsin channel mapping or required settings missing`);
  }
}

function channelOf(provider: string, conf: Entry, url: string | undefined): Entry | undefined {
  switch (provider) {
    case 'slack':
    case 'discord':
    case 'mattermost':
    case 'teams':
    case 'google-chat':
      return url ? { type: provider === 'google-chat' ? 'google_chat' : provider, url } : undefined;
    case 'custom':
      return text(conf.url) ? { type: 'webhook', url: text(conf.url) } : undefined;
    case 'pagerduty':
      return text(conf['integration-key']) ? { type: 'pagerduty', routing_key: text(conf['integration-key']) } : undefined;
    case 'telegram':
      return text(conf.token) && conf.id !== undefined ? { type: 'telegram', bot_token: text(conf.token), chat_id: String(conf.id) } : undefined;
    case 'ntfy': {
      const topic = text(conf.topic);
      return topic ? { type: 'ntfy', url: `${(text(conf.url) ?? 'https://ntfy.sh').replace(/\/+$/, '')}/${topic}` } : undefined;
    }
    case 'email': {
      const host = text(conf.host);
      const from = text(conf.from);
      const to = text(conf.to);
      if (!host || !from || !to) return undefined;
      const user = text(conf.username) ?? from;
      const password = text(conf.password);
      const auth = password ? `${encodeURIComponent(user)}:${encodeURIComponent(password)}@` : '';
      return { type: 'email', smtp: `smtp://${auth}${host}:${Number(conf.port) || 587}`, from, to: to.split(',').map((s) => s.trim()) };
    }
    default:
      return undefined;
  }
}

function splitHostPort(rest: string): [string, number | undefined] {
  const hostPort = rest.split(/[/?#]/)[0]!;
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(hostPort);
  if (!m) return [hostPort, undefined];
  return [m[1]!.replace(/^\[|\]$/g, ''), m[2] !== undefined ? Number(m[2]) : undefined];
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function isObject(value: unknown): value is Entry {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

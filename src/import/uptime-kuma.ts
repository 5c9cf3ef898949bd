/**
 * Uptime Kuma → tocsin draft, from a backup file (Settings → Backup → Export: JSON with
 * notificationList and monitorList) or from its SQLite database kuma.db (tables monitor,
 * notification, monitor_notification, status_page, group, monitor_group), opened read-only.
 */
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { emptyDraft, idFor, seconds, text, type Draft, type Entry } from './draft.js';

interface KumaMonitor extends Entry {
  id?: number;
  name?: string;
}

export interface KumaData {
  monitors: KumaMonitor[];
  notifications: Entry[];
  /** Status pages with the Kuma ids of their monitors, grouped as Kuma groups them. */
  pages: { slug: string; title: string; description?: string; groups: { name: string; monitorIds: number[] }[] }[];
}

export function kumaBackup(source: string): KumaData {
  const doc = JSON.parse(source) as unknown;
  if (!isObject(doc) || !Array.isArray(doc.monitorList)) throw new Error('expected an Uptime Kuma backup: JSON with "monitorList" and "notificationList"');
  const notifications = Array.isArray(doc.notificationList) ? doc.notificationList.filter(isObject) : [];
  return { monitors: doc.monitorList.filter(isObject), notifications, pages: [] };
}

/** Far above any real instance; a database past it is refused rather than read whole into memory. */
const MAX_ROWS = 10_000;

export function kumaDatabase(file: string): KumaData {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const all = (sql: string) => {
      const rows = db.prepare(`${sql} LIMIT ${MAX_ROWS + 1}`).all() as Entry[];
      if (rows.length > MAX_ROWS) throw new Error(`more than ${MAX_ROWS} rows in one table; not an Uptime Kuma database this import reads`);
      return rows;
    };
    const monitors = all('SELECT * FROM monitor ORDER BY id');
    const links = all('SELECT monitor_id, notification_id FROM monitor_notification');
    for (const monitor of monitors) {
      monitor.notificationIDList = Object.fromEntries(links.filter((l) => l.monitor_id === monitor.id).map((l) => [String(l.notification_id), true]));
    }
    const groups = all(
      'SELECT g.id, g.name, g.status_page_id, mg.monitor_id FROM "group" g LEFT JOIN monitor_group mg ON mg.group_id = g.id ORDER BY g.weight, g.id, mg.weight',
    );
    const pages = all('SELECT id, slug, title, description FROM status_page ORDER BY id').map((page) => {
      const byGroup = new Map<string, number[]>();
      for (const row of groups.filter((g) => g.status_page_id === page.id)) {
        const key = String(row.name);
        byGroup.set(key, [...(byGroup.get(key) ?? []), ...(typeof row.monitor_id === 'number' ? [row.monitor_id] : [])]);
      }
      return {
        slug: String(page.slug),
        title: String(page.title),
        ...(text(page.description) && { description: text(page.description) }),
        groups: [...byGroup].map(([name, monitorIds]) => ({ name, monitorIds })),
      };
    });
    return { monitors, notifications: all('SELECT * FROM notification ORDER BY id'), pages };
  } finally {
    db.close();
  }
}

export function importKuma(data: KumaData): Draft {
  const draft = emptyDraft('Uptime Kuma');
  const channelIds = new Set<string>();
  for (const notification of data.notifications) addNotification(draft, notification, channelIds);
  const monitorIds = new Set<string>();
  const byKumaId = new Map<number, string>();
  for (const [i, monitor] of data.monitors.entries()) {
    const mapped = monitorOf(monitor, monitorIds, i);
    if ('why' in mapped) {
      draft.skipped.push(`monitor "${text(monitor.name) ?? `#${i + 1}`}": ${String(mapped.why)}`);
      continue;
    }
    draft.monitors.push(mapped);
    if (mapped.type === 'heartbeat')
      draft.skipped.push(`monitor "${String(mapped.name)}": its push URL: the job must now call /ping/${String(mapped.uuid)} instead of /api/push/<token>`);
    if (typeof monitor.id === 'number') byKumaId.set(monitor.id, mapped.id as string);
  }
  const slugs = new Set<string>();
  for (const page of data.pages) {
    const components = page.groups.flatMap((group) =>
      group.monitorIds.flatMap((kumaId) => {
        const id = byKumaId.get(kumaId);
        const name = draft.monitors.find((m) => m.id === id)?.name;
        return id ? [{ name: String(name), monitors: [id], group: group.name }] : [];
      }),
    );
    if (components.length === 0) {
      draft.skipped.push(`status page "${page.slug}": none of its monitors could be imported`);
      continue;
    }
    draft.status_pages.push({
      slug: idFor(page.slug, slugs, 'status'),
      title: page.title,
      ...(page.description && { description: page.description }),
      components,
    });
  }
  return draft;
}

function monitorOf(m: Entry, ids: Set<string>, index: number): Entry | { why: string } {
  const name = text(m.name) ?? `monitor-${index + 1}`;
  const base: Entry = { id: idFor(name, ids, `monitor-${index + 1}`), name };
  const interval = seconds(m.interval);
  if (interval) base.interval = interval;
  if (m.active === 0 || m.active === false) base.paused = true;
  const host = text(m.hostname);
  const port = Number(m.port) || undefined;
  switch (m.type) {
    case 'http':
    case 'keyword': {
      const url = text(m.url);
      if (!url) return { why: 'no URL' };
      const method = text(m.method)?.toUpperCase();
      const keyword = text(m.keyword);
      if (m.type === 'keyword' && (!keyword || truthy(m.invertKeyword ?? m.invert_keyword)))
        return { why: 'an inverted or empty keyword has no tocsin equivalent' };
      return { ...base, type: 'http', url, ...(method && method !== 'GET' && { method }), ...(m.type === 'keyword' && { expect: { body_contains: keyword } }) };
    }
    case 'port':
      return host && port ? { ...base, type: 'tcp', host, port } : { why: 'no host or port' };
    case 'ping':
      return host ? { ...base, type: 'icmp', host } : { why: 'no host' };
    case 'dns': {
      if (!host) return { why: 'no host name to resolve' };
      const server = text(m.dns_resolve_server);
      const dnsPort = Number(m.dns_resolve_port ?? m.port) || 53;
      return {
        ...base,
        type: 'dns',
        query: host,
        record: text(m.dns_resolve_type) ?? 'A',
        ...(server && { resolver: dnsPort === 53 ? server : `${server}:${dnsPort}` }),
      };
    }
    case 'push':
      // Kuma's push URL (/api/push/<token>) has no tocsin twin: the job pings the new UUID instead (said in the list).
      return { ...base, type: 'heartbeat', uuid: randomUUID(), period: interval ?? '1m', grace: '1m' };
    case 'postgres':
    case 'mysql':
    case 'redis': {
      const url = text(m.databaseConnectionString ?? m.database_connection_string);
      return url ? { ...base, type: m.type, url } : { why: 'no connection string' };
    }
    default:
      return { why: `Kuma type "${String(m.type).slice(0, 40)}" has no tocsin check type` };
  }
}

function addNotification(draft: Draft, n: Entry, ids: Set<string>): void {
  const name = text(n.name) ?? 'notification';
  let conf: Entry;
  try {
    const parsed: unknown = typeof n.config === 'string' ? JSON.parse(n.config) : n.config;
    conf = isObject(parsed) ? parsed : {};
  } catch {
    return void draft.skipped.push(`notification "${name}": its config is not JSON`);
  }
  const channel = channelOf(conf);
  if (!channel)
    return void draft.skipped.push(`notification "${name}": Kuma type "${String(conf.type).slice(0, 40)}" is not mapped or lacks required settings`);
  draft.channels[idFor(name, ids, 'channel')] = channel;
}

/** Falsy when the type is unknown or a required setting is missing. */
function channelOf(c: Entry): Entry | undefined | '' {
  const url = (key: string) => text(c[key]);
  switch (c.type) {
    case 'slack':
      return url('slackwebhookURL') && { type: 'slack', url: url('slackwebhookURL') };
    case 'discord':
      return url('discordWebhookUrl') && { type: 'discord', url: url('discordWebhookUrl') };
    case 'webhook':
      return url('webhookURL') && { type: 'webhook', url: url('webhookURL') };
    case 'teams':
      return url('webhookUrl') && { type: 'teams', url: url('webhookUrl') };
    case 'mattermost':
      return url('mattermostWebhookUrl') && { type: 'mattermost', url: url('mattermostWebhookUrl') };
    case 'telegram':
      return url('telegramBotToken') && url('telegramChatID') && { type: 'telegram', bot_token: url('telegramBotToken'), chat_id: url('telegramChatID') };
    case 'PagerDuty':
    case 'pagerduty':
      return url('pagerdutyIntegrationKey') && { type: 'pagerduty', routing_key: url('pagerdutyIntegrationKey') };
    case 'ntfy':
      return url('ntfytopic') && { type: 'ntfy', url: `${(url('ntfyserverurl') ?? 'https://ntfy.sh').replace(/\/+$/, '')}/${url('ntfytopic')}` };
    case 'gotify':
      return url('gotifyserverurl') && url('gotifyapplicationToken') && { type: 'gotify', url: url('gotifyserverurl'), token: url('gotifyapplicationToken') };
    case 'smtp': {
      const host = url('smtpHost');
      const from = url('smtpFrom');
      const to = url('smtpTo');
      if (!host || !from || !to) return undefined;
      const user = url('smtpUsername');
      const auth = user ? `${encodeURIComponent(user)}${url('smtpPassword') ? `:${encodeURIComponent(url('smtpPassword')!)}` : ''}@` : '';
      return {
        type: 'email',
        smtp: `${truthy(c.smtpSecure) ? 'smtps' : 'smtp'}://${auth}${host}:${Number(c.smtpPort) || 587}`,
        from,
        to: to.split(',').map((s) => s.trim()),
      };
    }
    default:
      return undefined;
  }
}

function truthy(value: unknown): boolean {
  return value === true || value === 1 || value === '1';
}

function isObject(value: unknown): value is Entry {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

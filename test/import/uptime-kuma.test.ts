/** tocsin import uptime-kuma: a backup export and a kuma.db in Uptime Kuma's table shape. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { importKuma, kumaBackup, kumaDatabase } from '../../src/import/uptime-kuma.js';
import { validated } from './validate.js';

const slack = {
  id: 1,
  name: 'Ops Slack',
  active: 1,
  userId: 1,
  isDefault: 1,
  config: JSON.stringify({ name: 'Ops Slack', type: 'slack', slackwebhookURL: 'https://hooks.slack.com/services/T1/B1/SECRET1' }),
};
const mail = {
  id: 2,
  name: 'Mail',
  active: 1,
  userId: 1,
  isDefault: 0,
  config: JSON.stringify({
    type: 'smtp',
    smtpHost: 'mail.example.com',
    smtpPort: 465,
    smtpSecure: true,
    smtpUsername: 'kuma',
    smtpPassword: 'SECRET2',
    smtpFrom: 'kuma@example.com',
    smtpTo: 'ops@example.com',
  }),
};
const signal = { id: 3, name: 'Signal', active: 1, userId: 1, isDefault: 0, config: JSON.stringify({ type: 'signal', signalURL: 'http://x' }) };

const monitors = [
  { id: 1, name: 'Website', type: 'http', url: 'https://example.com/', method: 'GET', interval: 60, active: 1, notificationIDList: { '1': true } },
  { id: 2, name: 'Login page', type: 'keyword', url: 'https://example.com/login', method: 'GET', keyword: 'Sign in', interval: 120, active: 1 },
  { id: 3, name: 'SSH', type: 'port', hostname: 'bastion.example.com', port: 22, interval: 60, active: 0 },
  { id: 4, name: 'Router', type: 'ping', hostname: '192.0.2.1', interval: 30, active: 1 },
  { id: 5, name: 'MX', type: 'dns', hostname: 'example.com', dns_resolve_type: 'MX', dns_resolve_server: '1.1.1.1', port: 53, interval: 300, active: 1 },
  { id: 6, name: 'Backup job', type: 'push', pushToken: 'tok123', interval: 3600, active: 1 },
  { id: 7, name: 'Steam server', type: 'steam', hostname: 'game.example.com', port: 27015, interval: 60, active: 1 },
];

const expectedMonitors = [
  ['website', 'http'],
  ['login-page', 'http'],
  ['ssh', 'tcp'],
  ['router', 'icmp'],
  ['mx', 'dns'],
  ['backup-job', 'heartbeat'],
];

describe('importing an Uptime Kuma backup', () => {
  const backup = JSON.stringify({ version: '1.23.16', notificationList: [slack, mail, signal], monitorList: monitors });
  const { config, skipped } = validated(importKuma(kumaBackup(backup)));

  it('maps http, keyword, port, ping, dns and push monitors with their interval and paused state', () => {
    expect(config.monitors.map((m) => [m.id, m.type])).toEqual(expectedMonitors);
    expect(config.monitors[1]).toMatchObject({ interval: 120_000, settings: { expect: { body_contains: 'Sign in' } } });
    expect(config.monitors[2]).toMatchObject({ paused: true, settings: { host: 'bastion.example.com', port: 22 } });
    expect(config.monitors[4]!.settings).toMatchObject({ query: 'example.com', record: 'MX', resolver: '1.1.1.1' });
    expect(config.monitors[5]!.settings).toMatchObject({ period: 3_600_000 });
  });

  it('maps Slack and SMTP notifications to channels', () => {
    expect(config.channels['ops-slack']).toMatchObject({ type: 'slack', url: 'https://hooks.slack.com/services/T1/B1/SECRET1' });
    expect(config.channels.mail).toMatchObject({ type: 'email', from: 'kuma@example.com', to: ['ops@example.com'] });
  });

  it('lists what it could not map without any secret', () => {
    const uuid = (config.monitors[5]!.settings as { uuid: string }).uuid;
    expect(skipped).toEqual([
      'notification "Signal": Kuma type "signal" is not mapped or lacks required settings',
      `monitor "Backup job": its push URL: the job must now call /ping/${uuid} instead of /api/push/<token>`,
      'monitor "Steam server": Kuma type "steam" has no tocsin check type',
    ]);
    expect(skipped.join('\n')).not.toMatch(/SECRET/);
  });

  it('refuses JSON that is not a Kuma backup', () => {
    expect(() => kumaBackup('{"monitors": []}')).toThrow('expected an Uptime Kuma backup');
    expect(() => kumaBackup('not json')).toThrow();
  });
});

describe('importing a kuma.db', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kuma-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'kuma.db');
  const db = new Database(file);
  // The columns importers read, as Uptime Kuma's knex migrations create them.
  db.exec(`
    CREATE TABLE monitor (id INTEGER PRIMARY KEY, name VARCHAR(150), active BOOLEAN DEFAULT 1, user_id INTEGER, interval INTEGER DEFAULT 20,
      url TEXT, type VARCHAR(20), weight INTEGER DEFAULT 2000, hostname VARCHAR(255), port INTEGER, keyword VARCHAR(255), method TEXT DEFAULT 'GET',
      dns_resolve_type VARCHAR(5), dns_resolve_server VARCHAR(255), push_token VARCHAR(20), database_connection_string VARCHAR(2000));
    CREATE TABLE notification (id INTEGER PRIMARY KEY, name VARCHAR(255), config TEXT, active BOOLEAN DEFAULT 1, user_id INTEGER, is_default BOOLEAN DEFAULT 0);
    CREATE TABLE monitor_notification (id INTEGER PRIMARY KEY, monitor_id INTEGER, notification_id INTEGER);
    CREATE TABLE status_page (id INTEGER PRIMARY KEY, slug VARCHAR(255), title VARCHAR(255), description TEXT, icon VARCHAR(255), published BOOLEAN DEFAULT 1);
    CREATE TABLE "group" (id INTEGER PRIMARY KEY, name VARCHAR(255), created_date DATETIME, public BOOLEAN DEFAULT 0, active BOOLEAN DEFAULT 1, weight INTEGER DEFAULT 1000, status_page_id INTEGER);
    CREATE TABLE monitor_group (id INTEGER PRIMARY KEY, monitor_id INTEGER, group_id INTEGER, weight INTEGER DEFAULT 1000);
  `);
  const insert = db.prepare(
    'INSERT INTO monitor (id, name, active, interval, url, type, hostname, port, keyword, method, dns_resolve_type, dns_resolve_server) VALUES (@id, @name, @active, @interval, @url, @type, @hostname, @port, @keyword, @method, @dns_resolve_type, @dns_resolve_server)',
  );
  for (const m of monitors)
    insert.run({
      url: null,
      hostname: null,
      port: null,
      keyword: null,
      method: 'GET',
      dns_resolve_type: null,
      dns_resolve_server: null,
      ...m,
      active: m.active ?? 1,
      notificationIDList: undefined,
    });
  db.prepare('INSERT INTO notification (id, name, config, active, user_id, is_default) VALUES (?, ?, ?, 1, 1, 0)').run(slack.id, slack.name, slack.config);
  db.exec(`INSERT INTO monitor_notification (monitor_id, notification_id) VALUES (1, 1);
    INSERT INTO status_page (id, slug, title, description) VALUES (1, 'public', 'Example status', 'All our services');
    INSERT INTO "group" (id, name, weight, status_page_id, public) VALUES (1, 'Services', 1, 1, 1), (2, 'Games', 2, 1, 1);
    INSERT INTO monitor_group (monitor_id, group_id, weight) VALUES (1, 1, 1), (2, 1, 2), (7, 2, 1);`);
  db.close();

  it('reads monitors, notifications and status pages with their groups', () => {
    const { config, skipped } = validated(importKuma(kumaDatabase(file)));
    expect(config.monitors.map((m) => [m.id, m.type])).toEqual(expectedMonitors);
    expect(Object.keys(config.channels)).toEqual(['ops-slack']);
    expect(config.status_pages).toEqual([
      expect.objectContaining({
        slug: 'public',
        title: 'Example status',
        description: 'All our services',
        components: [
          { name: 'Website', monitors: ['website'], group: 'Services' },
          { name: 'Login page', monitors: ['login-page'], group: 'Services' },
        ],
      }),
    ]);
    expect(skipped).toContain('monitor "Steam server": Kuma type "steam" has no tocsin check type');
  });

  it("refuses a SQLite file without Kuma's tables, and one that is not SQLite at all", () => {
    const other = join(dir, 'other.db');
    new Database(other).exec('CREATE TABLE t (x)').close();
    expect(() => kumaDatabase(other)).toThrow(/no such table: monitor/);
    const garbage = join(dir, 'garbage.db');
    writeFileSync(garbage, Buffer.concat([Buffer.from('SQLite format 3\u0000'), Buffer.alloc(4096, 0xff)]));
    expect(() => kumaDatabase(garbage)).toThrow();
  });
});

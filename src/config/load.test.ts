import { describe, expect, it } from 'vitest';
import { channelTypes } from '../schema/channels.js';
import { formatProblem } from './problems.js';
import { loadConfigText } from './load.js';

const TYPES = 'http, tcp, tls, dns, smtp, postgres, mysql, redis, icmp, udp, websocket, grpc, ssh, ldap, domain, exec, heartbeat, ci';

function yaml(...lines: string[]): string {
  return `${lines.join('\n')}\n`;
}

function problemsOf(text: string, env: Record<string, string> = {}): string[] {
  const result = loadConfigText(text, 'tocsin.yaml', env);
  return result.ok ? [] : result.problems.map(formatProblem);
}

const web = ['monitors:', '  - id: web', '    type: http', '    url: https://example.org/'];

describe('loadConfigText: one problem, its line and its words', () => {
  it.each<[string, string, string]>([
    [
      'an unknown key, with the key it resembles',
      yaml(...web, '    intreval: 30s'),
      'tocsin.yaml:5:5 monitors[0].intreval: unknown key `intreval`; did you mean `interval`?',
    ],
    ['an unknown top-level key', yaml('monitor: []'), 'tocsin.yaml:1:1 monitor: unknown key `monitor`; did you mean `monitors`?'],
    [
      'a number where a duration belongs',
      yaml(...web, '    timeout: 30'),
      'tocsin.yaml:5:14 monitors[0].timeout: expected a duration such as 500ms, 30s, 10m, 2h or 7d',
    ],
    ['a misspelt duration', yaml(...web, '    interval: 30 s'), 'tocsin.yaml:5:15 monitors[0].interval: expected a duration such as 500ms, 30s, 10m, 2h or 7d'],
    [
      'a timeout longer than the interval',
      yaml(...web, '    interval: 10s', '    timeout: 30s'),
      'tocsin.yaml:6:14 monitors[0].timeout: expected at most the interval 10s, got 30s: one run must end before the next starts',
    ],
    [
      'a timeout longer than the default interval',
      yaml('defaults: { interval: 5s }', ...web, '    timeout: 6s'),
      'tocsin.yaml:6:14 monitors[0].timeout: expected at most the interval (defaults.interval) 5s, got 6s: one run must end before the next starts',
    ],
    ['an unknown monitor type', yaml('monitors:', '  - id: web', '    type: htp'), `tocsin.yaml:3:11 monitors[0].type: expected one of ${TYPES}`],
    [
      'a monitor without a type',
      yaml('monitors:', '  - id: web', '    url: https://example.org/'),
      `tocsin.yaml:2:5 monitors[0].type: missing; expected one of ${TYPES}`,
    ],
    [
      'a missing required field',
      yaml('monitors:', '  - id: ssh', '    type: tcp', '    host: example.org'),
      'tocsin.yaml:2:5 monitors[0].port: missing; expected a number',
    ],
    [
      'a bad id',
      yaml('monitors:', '  - id: Web Site', '    type: tcp', '    host: example.org', '    port: 22'),
      'tocsin.yaml:2:9 monitors[0].id: expected lowercase letters, digits, "-" or "_" (at most 100), starting with a letter or digit',
    ],
    [
      'a duplicate monitor id, naming the first',
      yaml(...web, '  - id: web', '    type: tcp', '    host: example.org', '    port: 443'),
      'tocsin.yaml:5:9 monitors[1].id: duplicate id `web`: monitors[0] already uses it',
    ],
    [
      'a dependency on a monitor that does not exist',
      yaml(...web, '    depends_on: [wbe-db]', '  - id: web-db', '    type: tcp', '    host: db.example.org', '    port: 5432'),
      'tocsin.yaml:5:18 monitors[0].depends_on[0]: no monitor has the id `wbe-db`; did you mean `web-db`?',
    ],
    [
      'a dependency cycle',
      yaml(...web, '    depends_on: [db]', '  - id: db', '    type: tcp', '    host: db.example.org', '    port: 5432', '    depends_on: [web]'),
      'tocsin.yaml:10:18 monitors[1].depends_on[0]: dependency cycle: web → db → web; remove one of these depends_on entries',
    ],
    ['an unknown escalation policy', yaml(...web, '    escalation: oncal'), 'tocsin.yaml:5:17 monitors[0].escalation: no escalation policy is named `oncal`'],
    [
      'an unknown default escalation policy',
      yaml('defaults:', '  escalation: oncall'),
      'tocsin.yaml:2:15 defaults.escalation: no escalation policy is named `oncall`',
    ],
    [
      'an escalation step naming an unknown channel',
      yaml('channels:', '  ops-slack: { type: slack, url: "https://hooks.slack.com/x" }', 'escalations:', '  oncall:', '    - notify: [ops-slak]'),
      'tocsin.yaml:5:16 escalations.oncall[0].notify[0]: no channel has the id `ops-slak`; did you mean `ops-slack`?',
    ],
    [
      'a fallback naming an unknown channel',
      yaml('escalations:', '  fallback: [mail]'),
      'tocsin.yaml:2:14 escalations.fallback[0]: no channel has the id `mail`',
    ],
    [
      'escalation steps out of order',
      yaml(
        'channels: { a: { type: slack, url: "https://x.example/" } }',
        'escalations:',
        '  oncall:',
        '    - { after: 30m, notify: [a] }',
        '    - { after: 10m, notify: [a] }',
      ),
      "tocsin.yaml:5:16 escalations.oncall[1].after: expected steps in order: 10m comes before the previous step's 30m",
    ],
    [
      'an unknown channel type',
      yaml('channels:', '  x: { type: sms, url: "https://x.example/" }'),
      `tocsin.yaml:2:14 channels.x.type: expected one of ${channelTypes.join(', ')}`,
    ],
    [
      'an email channel with an http URL',
      yaml('channels:', '  m: { type: email, smtp: "http://mail", from: a@b.c, to: [d@e.f] }'),
      'tocsin.yaml:2:27 channels.m.smtp: expected an smtp:// or smtps:// URL such as smtp://mail.example.org:587',
    ],
    [
      'a status page showing an unknown monitor',
      yaml(...web, 'status_pages:', '  - slug: public', '    title: Status', '    components:', '      - { name: Web, monitors: [webb] }'),
      'tocsin.yaml:9:33 status_pages[0].components[0].monitors[0]: no monitor has the id `webb`; did you mean `web`?',
    ],
    [
      'maintenance announced on an unknown page',
      yaml(
        ...web,
        'maintenance:',
        '  - name: Upgrade',
        '    start: 2026-12-05T02:00:00Z',
        '    duration: 2h',
        '    monitors: [web]',
        '    announce_on: [public]',
      ),
      'tocsin.yaml:10:19 maintenance[0].announce_on[0]: no status page has the id `public`',
    ],
    [
      'maintenance starting without a time zone',
      yaml(...web, 'maintenance:', '  - name: Upgrade', '    start: 2026-12-05T02:00:00', '    duration: 2h', '    monitors: [web]'),
      'tocsin.yaml:7:12 maintenance[0].start: expected an ISO 8601 date-time with a zone, such as 2026-12-05T02:00:00Z',
    ],
    [
      'a maintenance schedule that is not cron',
      yaml(
        ...web,
        'maintenance:',
        '  - name: Weekly',
        '    start: 2026-12-05T02:00:00Z',
        '    duration: 1h',
        '    schedule: "0 25 * * *"',
        '    monitors: [web]',
      ),
      'tocsin.yaml:9:15 maintenance[0].schedule: expected a 5-field cron expression (minute hour day month weekday) or 6 with seconds; invalid value for hour: 25',
    ],
    [
      'a dns monitor whose name is not a host name',
      yaml('monitors:', '  - id: cache-dns', '    type: dns', '    name: Build cache'),
      'tocsin.yaml:4:11 monitors[0].name: expected a host name to resolve, such as sstate-cache.example.org, since there is no `query`; or set `query`',
    ],
    [
      'a heartbeat without uuid when there is no ping key',
      yaml('monitors:', '  - id: backup', '    type: heartbeat', '    period: 1d'),
      'tocsin.yaml:2:5 monitors[0].uuid: missing; a heartbeat needs a uuid for /ping/<uuid>, or set server.ping_key so jobs ping /ping/<ping_key>/<id>',
    ],
    [
      'a heartbeat with both period and schedule',
      yaml(
        'monitors:',
        '  - id: backup',
        '    type: heartbeat',
        '    uuid: 0d6f3c52-6b8e-4f1a-9c3e-2a7b9d1e4f60',
        '    period: 1d',
        '    schedule: "0 2 * * *"',
      ),
      'tocsin.yaml:5:13 monitors[0].period: expected exactly one of period or schedule',
    ],
    [
      'raw retention too short for daily rollups',
      yaml('retention:', '  raw: 1d'),
      'tocsin.yaml:2:8 retention.raw: expected at least 2d, got 1d: daily rollups are computed from raw results',
    ],
    [
      'a listen address without port',
      yaml('server:', '  listen: localhost'),
      'tocsin.yaml:2:11 server.listen: expected host:port such as 127.0.0.1:8080 or [::1]:8080',
    ],
    [
      'a listen port out of range',
      yaml('server:', '  listen: "[::1]:70000"'),
      'tocsin.yaml:2:11 server.listen: expected a port between 0 and 65535, got 70000',
    ],
    [
      'a database URL of another kind',
      yaml('database:', '  url: mysql://db/tocsin'),
      'tocsin.yaml:2:8 database.url: expected sqlite:<path>, sqlite::memory: or a postgres:// URL',
    ],
    ['a size without unit', yaml('watchdog: { max_rss: 512 }'), 'tocsin.yaml:1:22 watchdog.max_rss: expected a size such as 64kB, 512MB or 1GiB'],
    ['a list where a mapping belongs', yaml('defaults: [60s]'), 'tocsin.yaml:1:11 defaults: expected a mapping (key: value), got a list'],
    ['an empty file', '', 'tocsin.yaml:1:1: expected a mapping (key: value), got nothing'],
    [
      'a YAML syntax error',
      yaml('monitors:', '  - id: web', '    tags: [a, b', '    type: http'),
      'tocsin.yaml:4:5: flow sequence in block collection must be sufficiently indented and end with a ]',
    ],
    ['a duplicate YAML key', yaml('defaults:', '  interval: 30s', '  interval: 60s'), 'tocsin.yaml:3:3: duplicate key: each key may appear once in a mapping'],
    [
      'a variable that is not set',
      yaml('channels:', '  pager: { type: pagerduty, routing_key: "${PD_KEY}" }'),
      'tocsin.yaml:2:42 channels.pager.routing_key: environment variable PD_KEY is not set',
    ],
  ])('reports %s', (_, text, expected) => {
    expect(problemsOf(text)).toEqual([expected]);
  });
});

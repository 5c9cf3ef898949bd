import { describe, expect, it } from 'vitest';
import type { MonitorConfig } from '../schema/config.js';
import { monitorSchema } from '../schema/monitor.js';
import { checkTypes, describeTarget, targetFileOnly, targetRateKey, targetReach } from './registry.js';
import { madeByTocsinTypes, monitorSettings, monitorTypes, pushedTypes, type MonitorType } from './schemas.js';

/** One monitor of each type as written, with a password wherever the type can carry one. */
const samples: Record<MonitorType, Record<string, unknown>> = {
  http: { url: 'https://ops:hunter2@web.example.org/health?token=hunter2' },
  tcp: { host: 'db.example.org', port: 5432 },
  tls: { host: 'web.example.org', ca_file: '/etc/tocsin/ca.pem' },
  dns: { query: 'example.org', record: 'A', resolver: '10.0.0.2' },
  smtp: { host: 'mail.example.org' },
  postgres: { url: 'postgres://monitor:hunter2@db.example.org/app' },
  mysql: { url: 'mysql://monitor:hunter2@db.example.org/app' },
  redis: { url: 'redis://:hunter2@cache.example.org:6379/0' },
  icmp: { host: 'gw.example.org' },
  udp: { host: 'ntp.example.org', port: 123, send: 'x' },
  websocket: { url: 'wss://ops:hunter2@ws.example.org/feed' },
  grpc: { host: 'api.example.org', port: 50051 },
  ssh: { host: 'bastion.example.org' },
  ldap: { url: 'ldaps://dir.example.org', bind_dn: 'cn=monitor,dc=example,dc=org', bind_password: 'hunter2' },
  domain: { domain: 'example.org' },
  exec: { command: ['/usr/lib/nagios/plugins/check_mysql', '-p', 'hunter2'] },
  heartbeat: { uuid: '0d6f3c52-6b8e-4f1a-9c3e-2a7b9d1e4f60', period: '1h' },
  self: { metric: 'schedule_lag' },
  ci: { runner_label: 'aws-us-east-2', group_by: 'runner' },
  alertmanager: { source: 'https://alerts.example.org/?token=hunter2' },
  webhook: {},
};

function monitorOf(type: MonitorType): MonitorConfig {
  const settings: unknown = monitorSettings[type].parse(samples[type]);
  return { id: `a-${type}`, name: type, type, settings } as MonitorConfig;
}

const pushed: ReadonlySet<string> = new Set(pushedTypes);
const madeByTocsin: ReadonlySet<string> = new Set(madeByTocsinTypes);

describe('the check type registry', () => {
  it('lists every monitor type of the schema, and only those', () => {
    expect(Object.keys(checkTypes).sort()).toEqual([...monitorTypes].sort());
  });

  it.each(monitorTypes)('gives %s a target that describes, keys and reaches', (type) => {
    const { target } = checkTypes[type];
    expect(typeof target.describe).toBe('function');
    expect(typeof target.rateKey).toBe('function');
    expect(typeof target.reach).toBe('function');
    expect(typeof target.fileOnly).toBe('function');
  });

  it.each(monitorTypes)('gives %s a check of its own type exactly when it is polled', (type) => {
    const { check } = checkTypes[type];
    if (pushed.has(type)) expect(check).toBeUndefined();
    else expect(check?.type).toBe(type);
  });

  it.each(monitorTypes)('describes a %s monitor in words, without its password', (type) => {
    const words = describeTarget(monitorOf(type));
    expect(words.length).toBeGreaterThan(0);
    expect(words).not.toContain('hunter2');
  });

  it.each(monitorTypes)('keys a %s monitor by host:port, if at all', (type) => {
    const key = targetRateKey(monitorOf(type));
    if (key !== undefined) expect(key).toMatch(/^(\[[0-9a-f:]+\]|[^:[\]]+):\d+$/);
  });

  it.each(monitorTypes)('names a field a %s monitor has when it reaches inside networks', (type) => {
    const reach = targetReach(monitorOf(type));
    if (reach === undefined) return;
    const field = reach.field.split('.')[0]!;
    expect(field === 'type' || field in monitorSettings[type].shape).toBe(true);
    expect(reach.why.length).toBeGreaterThan(0);
  });

  it.each(monitorTypes)('names a field a %s monitor has when only tocsin.yaml may define it', (type) => {
    const fileOnly = targetFileOnly(monitorOf(type));
    if (fileOnly === undefined) return;
    expect(fileOnly.field === 'type' || fileOnly.field in monitorSettings[type].shape).toBe(true);
    expect(fileOnly.message).toContain('tocsin.yaml');
  });

  it.each(monitorTypes)('lets tocsin.yaml write a %s monitor unless tocsin makes it itself', (type) => {
    const parsed = monitorSchema.safeParse({ id: 'm', type, ...samples[type] });
    expect(parsed.success).toBe(!madeByTocsin.has(type));
  });
});

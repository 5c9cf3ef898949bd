import type { CheckResult } from '../core/types.js';
import type { MonitorConfig } from '../schema/config.js';
import { pushedTypes } from './schemas.js';
import { dnsCheck } from './dns/check.js';
import { createDomainCheck } from './domain/check.js';
import { execCheck } from './exec/check.js';
import { grpcCheck } from './grpc/check.js';
import { httpCheck } from './http/check.js';
import { icmpCheck } from './icmp/check.js';
import { ldapCheck } from './ldap/check.js';
import { mysqlCheck } from './mysql/check.js';
import { postgresCheck } from './postgres/check.js';
import { redisCheck } from './redis/check.js';
import { selfCheck } from './self/check.js';
import { smtpCheck } from './smtp/check.js';
import { sshCheck } from './ssh/check.js';
import { tcpCheck } from './tcp/check.js';
import { tlsCheck } from './tls/check.js';
import { udpCheck } from './udp/check.js';
import { websocketCheck } from './websocket/check.js';
import type { Check, CheckContext } from './types.js';

type PolledMonitor = Exclude<MonitorConfig, { type: (typeof pushedTypes)[number] }>;
type ChecksByType = { [M in PolledMonitor as M['type']]: Check<M['settings']> };

/** Every polled check type. Adding one: its folder, its schema in schemas.ts, and a line here. */
const checks: ChecksByType = {
  http: httpCheck,
  tcp: tcpCheck,
  tls: tlsCheck,
  dns: dnsCheck,
  smtp: smtpCheck,
  postgres: postgresCheck,
  mysql: mysqlCheck,
  redis: redisCheck,
  exec: execCheck,
  ssh: sshCheck,
  ldap: ldapCheck,
  // One per process: its cache keeps each domain's RDAP answer for a day.
  domain: createDomainCheck(),
  self: selfCheck,
  icmp: icmpCheck,
  udp: udpCheck,
  websocket: websocketCheck,
  grpc: grpcCheck,
};

const pushed: ReadonlySet<string> = new Set(pushedTypes);

/** Heartbeats (/ping) and inbound alerts (/api/v1/integrations) are pushed to tocsin, not polled. */
export function isPolled(monitor: MonitorConfig): monitor is PolledMonitor {
  return !pushed.has(monitor.type);
}

export function runMonitorCheck(monitor: MonitorConfig, ctx: CheckContext): Promise<CheckResult> {
  if (!isPolled(monitor)) return Promise.reject(new Error(`${monitor.id} is a ${monitor.type} monitor; its results are pushed to tocsin, not polled`));
  // The mapped type guarantees the pairing; TypeScript cannot follow it through the index.
  const check = checks[monitor.type] as Check<PolledMonitor['settings']>;
  return check.run(monitor.settings, ctx);
}

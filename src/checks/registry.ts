import type { CheckResult } from '../core/types.js';
import type { MonitorConfig, MonitorConfigOf, ResolvedSettings } from '../schema/config.js';
import { pushedTypes, type MonitorType } from './schemas.js';
import type { FileOnly, Reach, Target } from './target.js';
import { ciCheck } from './ci/check.js';
import { ciTarget } from './ci/target.js';
import { dnsCheck } from './dns/check.js';
import { dnsTarget } from './dns/target.js';
import { createDomainCheck } from './domain/check.js';
import { domainTarget } from './domain/target.js';
import { execCheck } from './exec/check.js';
import { execTarget } from './exec/target.js';
import { grpcCheck } from './grpc/check.js';
import { grpcTarget } from './grpc/target.js';
import { heartbeatTarget } from './heartbeat/target.js';
import { httpCheck } from './http/check.js';
import { httpTarget } from './http/target.js';
import { icmpCheck } from './icmp/check.js';
import { icmpTarget } from './icmp/target.js';
import { inboundTarget } from './inbound/target.js';
import { ldapCheck } from './ldap/check.js';
import { ldapTarget } from './ldap/target.js';
import { mysqlCheck } from './mysql/check.js';
import { mysqlTarget } from './mysql/target.js';
import { postgresCheck } from './postgres/check.js';
import { postgresTarget } from './postgres/target.js';
import { redisCheck } from './redis/check.js';
import { redisTarget } from './redis/target.js';
import { selfCheck } from './self/check.js';
import { selfTarget } from './self/target.js';
import { smtpCheck } from './smtp/check.js';
import { smtpTarget } from './smtp/target.js';
import { sshCheck } from './ssh/check.js';
import { sshTarget } from './ssh/target.js';
import { tcpCheck } from './tcp/check.js';
import { tcpTarget } from './tcp/target.js';
import { tlsCheck } from './tls/check.js';
import { tlsTarget } from './tls/target.js';
import { udpCheck } from './udp/check.js';
import { udpTarget } from './udp/target.js';
import { websocketCheck } from './websocket/check.js';
import { websocketTarget } from './websocket/target.js';
import type { Check, CheckContext } from './types.js';

type PushedType = (typeof pushedTypes)[number];
type PolledMonitor = Exclude<MonitorConfig, { type: PushedType }>;

/** One type's parts: what it probes (target) and, for polled types, how it is checked. Pushed types have no check. */
export type CheckType<T extends MonitorType> = T extends PushedType
  ? { target: Target<ResolvedSettings[T]>; check?: never }
  : { target: Target<ResolvedSettings[T]>; check: Check<ResolvedSettings[T]> };

type CheckTypes = { [T in MonitorType]: CheckType<T> };

/**
 * Every monitor type and the folder that implements it: the one place outside the folders that
 * names a type. Adding one: its folder, its schema in schemas.ts, and a line here.
 */
export const checkTypes: CheckTypes = {
  http: { target: httpTarget, check: httpCheck },
  tcp: { target: tcpTarget, check: tcpCheck },
  tls: { target: tlsTarget, check: tlsCheck },
  dns: { target: dnsTarget, check: dnsCheck },
  smtp: { target: smtpTarget, check: smtpCheck },
  postgres: { target: postgresTarget, check: postgresCheck },
  mysql: { target: mysqlTarget, check: mysqlCheck },
  redis: { target: redisTarget, check: redisCheck },
  icmp: { target: icmpTarget, check: icmpCheck },
  udp: { target: udpTarget, check: udpCheck },
  websocket: { target: websocketTarget, check: websocketCheck },
  grpc: { target: grpcTarget, check: grpcCheck },
  ssh: { target: sshTarget, check: sshCheck },
  ldap: { target: ldapTarget, check: ldapCheck },
  // One per process: its cache keeps each domain's RDAP answer for a day.
  domain: { target: domainTarget, check: createDomainCheck() },
  exec: { target: execTarget, check: execCheck },
  heartbeat: { target: heartbeatTarget },
  ci: { target: ciTarget, check: ciCheck },
  self: { target: selfTarget, check: selfCheck },
  alertmanager: { target: inboundTarget('Alertmanager') },
  webhook: { target: inboundTarget('inbound webhook') },
};

const pushed: ReadonlySet<string> = new Set(pushedTypes);

/** Heartbeats (/ping) and inbound alerts (/api/v1/integrations) are pushed to tocsin, not polled. */
export function isPolled(monitor: MonitorConfig): monitor is PolledMonitor {
  return !pushed.has(monitor.type);
}

export function runMonitorCheck(monitor: MonitorConfig, ctx: CheckContext): Promise<CheckResult> {
  if (!isPolled(monitor)) return Promise.reject(new Error(`${monitor.id} is a ${monitor.type} monitor; its results are pushed to tocsin, not polled`));
  // The mapped type guarantees the pairing; TypeScript cannot follow it through the index.
  const check = checkTypes[monitor.type].check as Check<PolledMonitor['settings']>;
  return check.run(monitor.settings, ctx);
}

/** The parts of `monitor`'s type, typed for its settings (the mapped type pairs them; the index loses it). */
function targetOf<T extends MonitorType>(monitor: MonitorConfigOf<T>): Target<MonitorConfigOf<T>['settings']> {
  return checkTypes[monitor.type].target as Target<MonitorConfigOf<T>['settings']>;
}

/** What a monitor probes, in a few words a person recognises, with no secret in it: for notifications. */
export function describeTarget(monitor: MonitorConfig): string {
  return targetOf(monitor).describe(monitor.settings);
}

/**
 * The host:port a monitor's check connects to, for the per-target rate cap: monitors that reach the
 * same server share its budget whatever their type.
 */
export function targetRateKey(monitor: MonitorConfig): string | undefined {
  return targetOf(monitor).rateKey(monitor.settings);
}

/** The first setting of `monitor` that reaches inside networks, or undefined for a plain probe. */
export function targetReach(monitor: MonitorConfig): Reach | undefined {
  return targetOf(monitor).reach(monitor.settings);
}

/** Why `monitor` can only be written in tocsin.yaml, not through the API, or undefined. */
export function targetFileOnly(monitor: MonitorConfig): FileOnly | undefined {
  return targetOf(monitor).fileOnly(monitor.settings);
}

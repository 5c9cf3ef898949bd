import type { CheckResult } from '../core/types.js';
import type { MonitorConfig, MonitorConfigOf, ResolvedSettings } from '../schema/config.js';
import { pushedTypes, type MonitorType } from './schemas.js';
import type { FileOnly, Reach, Target } from './target.js';
import { ciTarget } from './ci/target.js';
import { dnsTarget } from './dns/target.js';
import { domainTarget } from './domain/target.js';
import { execTarget } from './exec/target.js';
import { grpcTarget } from './grpc/target.js';
import { heartbeatTarget } from './heartbeat/target.js';
import { httpCheck } from './http/check.js';
import { httpTarget } from './http/target.js';
import { icmpTarget } from './icmp/target.js';
import { inboundTarget } from './inbound/target.js';
import { ldapTarget } from './ldap/target.js';
import { mysqlTarget } from './mysql/target.js';
import { postgresTarget } from './postgres/target.js';
import { redisTarget } from './redis/target.js';
import { selfCheck } from './self/check.js';
import { selfTarget } from './self/target.js';
import { smtpTarget } from './smtp/target.js';
import { sshTarget } from './ssh/target.js';
import { tcpCheck } from './tcp/check.js';
import { tcpTarget } from './tcp/target.js';
import { tlsTarget } from './tls/target.js';
import { udpTarget } from './udp/target.js';
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
 * A check whose code is imported on its first run. Each type's observe, judge and client code cost
 * every engine its heap, a monitor of that type or not (~1.4 MB in all beside HTTP and TCP; issue 14
 * wants a 100-monitor install under 100 MB). The import happens inside the run's deadline but before
 * its phases start, so the first run's latency is the check's own.
 */
function onFirstRun<S>(type: string, load: () => Promise<Check<S>>): Check<S> {
  let loading: Promise<Check<S>> | undefined;
  return { type, run: async (settings, ctx) => (await (loading ??= load())).run(settings, ctx) };
}

/**
 * Every monitor type and the folder that implements it: the one place outside the folders that
 * names a type. Adding one: its folder, its schema in schemas.ts, and a line here.
 */
export const checkTypes: CheckTypes = {
  http: { target: httpTarget, check: httpCheck },
  tcp: { target: tcpTarget, check: tcpCheck },
  tls: { target: tlsTarget, check: onFirstRun('tls', async () => (await import('./tls/check.js')).tlsCheck) },
  dns: { target: dnsTarget, check: onFirstRun('dns', async () => (await import('./dns/check.js')).dnsCheck) },
  smtp: { target: smtpTarget, check: onFirstRun('smtp', async () => (await import('./smtp/check.js')).smtpCheck) },
  postgres: { target: postgresTarget, check: onFirstRun('postgres', async () => (await import('./postgres/check.js')).postgresCheck) },
  mysql: { target: mysqlTarget, check: onFirstRun('mysql', async () => (await import('./mysql/check.js')).mysqlCheck) },
  redis: { target: redisTarget, check: onFirstRun('redis', async () => (await import('./redis/check.js')).redisCheck) },
  icmp: { target: icmpTarget, check: onFirstRun('icmp', async () => (await import('./icmp/check.js')).icmpCheck) },
  udp: { target: udpTarget, check: onFirstRun('udp', async () => (await import('./udp/check.js')).udpCheck) },
  websocket: { target: websocketTarget, check: onFirstRun('websocket', async () => (await import('./websocket/check.js')).websocketCheck) },
  grpc: { target: grpcTarget, check: onFirstRun('grpc', async () => (await import('./grpc/check.js')).grpcCheck) },
  ssh: { target: sshTarget, check: onFirstRun('ssh', async () => (await import('./ssh/check.js')).sshCheck) },
  ldap: { target: ldapTarget, check: onFirstRun('ldap', async () => (await import('./ldap/check.js')).ldapCheck) },
  // One per process: its cache keeps each domain's RDAP answer for a day.
  domain: { target: domainTarget, check: onFirstRun('domain', async () => (await import('./domain/check.js')).createDomainCheck()) },
  exec: { target: execTarget, check: onFirstRun('exec', async () => (await import('./exec/check.js')).execCheck) },
  heartbeat: { target: heartbeatTarget },
  ci: { target: ciTarget, check: onFirstRun('ci', async () => (await import('./ci/check.js')).ciCheck) },
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

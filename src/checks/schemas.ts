/**
 * The monitor types and their settings schemas, in the order people read them.
 * Imports nothing from node:* so the web UI can validate with the same schemas.
 */
import type { z } from 'zod';
import type { Path, Report } from '../schema/draft.js';
import { ciSettings } from './ci/schema.js';
import { checkDnsDraft, completeDnsSettings, dnsSettings } from './dns/schema.js';
import { domainSettings } from './domain/schema.js';
import { execSettings } from './exec/schema.js';
import { grpcSettings } from './grpc/schema.js';
import { checkHeartbeatDraft, heartbeatSettings } from './heartbeat/schema.js';
import { icmpSettings } from './icmp/schema.js';
import { httpSettings } from './http/schema.js';
import { inboundSettings } from './inbound/schema.js';
import { ldapSettings } from './ldap/schema.js';
import { mysqlSettings } from './mysql/schema.js';
import { postgresSettings } from './postgres/schema.js';
import { redisSettings } from './redis/schema.js';
import { selfSettings } from './self/schema.js';
import { smtpSettings } from './smtp/schema.js';
import { sshSettings } from './ssh/schema.js';
import { tcpSettings } from './tcp/schema.js';
import { tlsSettings } from './tls/schema.js';
import { udpSettings } from './udp/schema.js';
import { websocketSettings } from './websocket/schema.js';

export const monitorSettings = {
  http: httpSettings,
  tcp: tcpSettings,
  tls: tlsSettings,
  dns: dnsSettings,
  smtp: smtpSettings,
  postgres: postgresSettings,
  mysql: mysqlSettings,
  redis: redisSettings,
  icmp: icmpSettings,
  udp: udpSettings,
  websocket: websocketSettings,
  grpc: grpcSettings,
  ssh: sshSettings,
  ldap: ldapSettings,
  domain: domainSettings,
  exec: execSettings,
  heartbeat: heartbeatSettings,
  ci: ciSettings,
  self: selfSettings,
  alertmanager: inboundSettings,
  webhook: inboundSettings,
} as const;

export type MonitorType = keyof typeof monitorSettings;

export const monitorTypes = Object.keys(monitorSettings) as MonitorType[];

/** Made in code (self monitors) or by the intake (inbound alerts): never written in tocsin.yaml or through the API. */
export const madeByTocsinTypes = ['self', 'alertmanager', 'webhook'] as const satisfies readonly MonitorType[];

/** Types whose results are pushed to tocsin (pings, alerts of other tools) rather than polled. */
export const pushedTypes = ['heartbeat', 'alertmanager', 'webhook'] as const satisfies readonly MonitorType[];

/**
 * Checks one type needs across its fields, the monitor's common ones or the server's settings, run on
 * the monitor as written (before its schema): a dns monitor without `query` resolves its name.
 */
export type DraftCheck = (monitor: Record<string, unknown>, at: Path, context: { hasPingKey: boolean }, report: Report) => void;
export const draftChecks: Partial<Record<MonitorType, DraftCheck>> = {
  dns: checkDnsDraft,
  heartbeat: checkHeartbeatDraft,
};

/** Settings a type fills from the monitor's common fields once parsed: a dns monitor's query from its name. */
export type CompleteSettings = (settings: Record<string, unknown>, monitor: { id: string; name?: string | undefined }) => void;
export const completeSettings: Partial<Record<MonitorType, CompleteSettings>> = {
  dns: completeDnsSettings,
};

/** Settings after parsing (defaults applied, durations in ms), by monitor type. */
export type SettingsByType = { [T in MonitorType]: z.output<(typeof monitorSettings)[T]> };

/** The settings field names of one type: what a flat monitor entry hands to its check. */
export function settingsKeys(type: MonitorType): string[] {
  return Object.keys(monitorSettings[type].shape);
}

/**
 * One monitor as written: the fields every monitor has, flattened together with its type's settings
 * (`url`, `expect` …), discriminated by `type`.
 */
import { z } from 'zod';
import { monitorSettings } from '../checks/schemas.js';
import { duration, id } from './primitives.js';
import { alertOverrideSchema } from './system.js';

const commonShape = {
  id: id().meta({ description: 'Stable identifier, used in URLs, references and /ping/<ping_key>/<id>' }),
  name: z.string().min(1).optional().meta({ description: 'Shown to people; defaults to the id (dns: the name resolved when there is no query)' }),
  interval: duration().optional().meta({ description: 'How often to run; defaults.interval when absent' }),
  timeout: duration().optional().meta({ description: 'Hard deadline of one run, at most the interval; defaults.timeout when absent' }),
  tags: z.array(z.string().min(1)).default([]).meta({ description: 'Free labels, for filtering in the dashboard and the API' }),
  group: z.string().min(1).optional().meta({ description: 'Groups monitors on the dashboard' }),
  runbook: z.string().min(1).optional().meta({ description: 'Path or URL of what to do when it fails; sent with every alert' }),
  depends_on: z.array(id()).default([]).meta({ description: 'Monitor ids; while one of them is down this monitor does not page' }),
  alert: alertOverrideSchema.optional().meta({ description: 'Overrides parts of defaults.alert' }),
  escalation: id().optional().meta({ description: 'Escalation policy; defaults.escalation when absent' }),
  paused: z.boolean().default(false).meta({ description: 'Not checked and never pages, until unpaused' }),
};

/** The common fields plus `type`; the settings schema keeps its own refinements (safeExtend). */
function common<T extends string>(type: T) {
  return { type: z.literal(type), ...commonShape };
}

export const commonMonitorKeys = ['type', ...Object.keys(commonShape)];

export const monitorSchema = z.discriminatedUnion('type', [
  monitorSettings.http.safeExtend(common('http')),
  monitorSettings.tcp.safeExtend(common('tcp')),
  monitorSettings.tls.safeExtend(common('tls')),
  monitorSettings.dns.safeExtend(common('dns')),
  monitorSettings.smtp.safeExtend(common('smtp')),
  monitorSettings.postgres.safeExtend(common('postgres')),
  monitorSettings.mysql.safeExtend(common('mysql')),
  monitorSettings.redis.safeExtend(common('redis')),
  monitorSettings.icmp.safeExtend(common('icmp')),
  monitorSettings.udp.safeExtend(common('udp')),
  monitorSettings.websocket.safeExtend(common('websocket')),
  monitorSettings.grpc.safeExtend(common('grpc')),
  monitorSettings.ssh.safeExtend(common('ssh')),
  monitorSettings.ldap.safeExtend(common('ldap')),
  monitorSettings.domain.safeExtend(common('domain')),
  monitorSettings.exec.safeExtend(common('exec')),
  monitorSettings.heartbeat.safeExtend(common('heartbeat')),
]);

/** A monitor as parsed, before defaults and references are resolved. */
export type ParsedMonitor = z.output<typeof monitorSchema>;

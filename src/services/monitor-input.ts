/**
 * A monitor arriving through the API, validated as tocsin.yaml's monitors are (parseMonitor with
 * the config's defaults), with exec refused and probes that reach inside networks kept to those
 * granted them: the writers and "test now" accept exactly the same.
 */
import type { Actor } from '../api/auth/access.js';
import { TocsinError } from '../lib/errors.js';
import { parseMonitor, type Config, type MonitorConfig } from '../schema/config.js';
import { listMonitors } from '../store/monitors.js';
import type { Db } from '../store/schema.js';
import { authorizeReach } from './probe-reach.js';

export interface MonitorInputDeps {
  db: Db;
  config(): Config;
}

export async function validateMonitor(deps: MonitorInputDeps, actor: Actor, input: unknown): Promise<MonitorConfig> {
  const config = deps.config();
  const rows = await listMonitors(deps.db);
  const parsed = parseMonitor(input, config.defaults, {
    hasPingKey: config.server.ping_key !== undefined,
    monitorIds: rows.map((row) => row.id),
    escalations: Object.keys(config.escalations),
    minInterval: intervalFloor(config, actor),
  });
  if (!parsed.ok) {
    const first = parsed.problems[0];
    const field = first?.path || 'body';
    const expected = first?.message ?? 'a monitor';
    throw new TocsinError('invalid_input', `${field}: ${expected}`, { field, expected });
  }
  // Commands run with tocsin's own rights: whoever can write the API must not gain a shell on the host.
  if (parsed.monitor.type === 'exec') {
    throw new TocsinError('invalid_input', 'exec monitors run commands on the tocsin host, so they can only be defined in tocsin.yaml', {
      field: 'type',
      expected: 'a type other than exec (http, tcp, tls, dns, smtp, postgres, mysql, redis, icmp, udp, websocket, grpc, heartbeat)',
    });
  }
  // A path read with tocsin's rights: through the API it would tell which files exist on the host.
  if (parsed.monitor.type === 'tls' && parsed.monitor.settings.ca_file !== undefined) {
    throw new TocsinError('invalid_input', 'ca_file names a file on the tocsin host, so it can only be set in tocsin.yaml', {
      field: 'ca_file',
      expected: 'no ca_file (or verify: false) for monitors defined through the API',
    });
  }
  await authorizeReach(deps.db, actor, parsed.monitor);
  return parsed.monitor;
}

/** Anyone who can write the API could otherwise point many fast monitors at one target: a non-admin gets the higher floor. */
function intervalFloor(config: Config, actor: Pick<Actor, 'role'>): { ms: number; setting: string } {
  const { min_interval, min_interval_api } = config.server;
  if (actor.role !== 'admin' && min_interval_api > min_interval) {
    return { ms: min_interval_api, setting: 'server.min_interval_api, for monitors changed through the API by non-admins' };
  }
  return { ms: min_interval, setting: 'server.min_interval' };
}

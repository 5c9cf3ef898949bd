/**
 * A monitor arriving through the API, validated as tocsin.yaml's monitors are (parseMonitor with
 * the config's defaults), with what only tocsin.yaml may define (exec, a tls ca_file) refused and
 * probes that reach inside networks kept to those granted them: the writers and "test now" accept
 * exactly the same.
 */
import type { Actor } from '../api/auth/access.js';
import { targetFileOnly } from '../checks/registry.js';
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
  // Some types or settings act on tocsin's host with its rights; each type says which in checks/<type>/target.ts.
  const fileOnly = targetFileOnly(parsed.monitor);
  if (fileOnly) throw new TocsinError('invalid_input', fileOnly.message, { field: fileOnly.field, expected: fileOnly.expected });
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

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
import { formatPath } from '../schema/messages.js';
import { decodeMonitorRow, listMonitors, type MonitorRow } from '../store/monitors.js';
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
  const loop = dependencyLoop(rows, parsed.monitor);
  if (loop) throw new TocsinError('invalid_input', `${loop.field}: ${loop.message}`, { field: loop.field, expected: loop.message });
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

/**
 * A monitor waiting on itself, or on one that waits on it, would silence itself forever. The stored
 * monitors have no loop (each was refused one), so any loop runs through this monitor's own
 * depends_on: reported at the entry that closes it, naming the whole loop as tocsin.yaml's check does.
 */
function dependencyLoop(rows: readonly MonitorRow[], monitor: MonitorConfig): { field: string; message: string } | undefined {
  if (monitor.depends_on.length === 0) return undefined;
  const edges = new Map<string, readonly string[]>();
  for (const row of rows) {
    if (row.deletedAt !== null || row.id === monitor.id) continue;
    const decoded = decodeMonitorRow(row);
    if (decoded.ok) edges.set(row.id, decoded.monitor.depends_on);
  }
  const seen = new Set<string>();
  // Iterative, bounded by the number of monitors: each is expanded once.
  const pathBack = (from: string): string[] | undefined => {
    const stack: string[][] = [[from]];
    while (stack.length) {
      const path = stack.pop()!;
      const at = path[path.length - 1]!;
      if (at === monitor.id) return path;
      if (seen.has(at)) continue;
      seen.add(at);
      for (const next of edges.get(at) ?? []) stack.push([...path, next]);
    }
    return undefined;
  };
  for (const [index, dep] of monitor.depends_on.entries()) {
    const path = pathBack(dep);
    if (path) {
      const loop = [monitor.id, ...path].join(' → ');
      return { field: formatPath(['depends_on', index]), message: `dependency cycle: ${loop}; remove one of these depends_on entries` };
    }
  }
  return undefined;
}

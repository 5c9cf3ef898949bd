import type { Command } from 'commander';
import { confirmingText } from '../../core/alert/index.js';
import { plural } from '../../lib/plural.js';
import { readOverview, statusExitCode, type EngineOverview, type MonitorOverview, type Overview } from '../../services/monitor-overview.js';
import { clusterInstances, type ClusterInstance } from '../../store/cluster.js';
import { instanceFields } from '../../store/instances.js';
import { probeRunnerLock } from '../../store/runner-lock.js';
import { configPath, readStoreUrl } from '../../config/file.js';
import { ago, badge } from '../output.js';
import { withStore } from '../store.js';
import { registerStatusExport } from './status-export.js';

export function registerStatus(program: Command): void {
  const status = program
    .command('status')
    .option('--json', 'print as JSON')
    .description('what the running tocsin is doing: is it checking, and every monitor it holds, with its state and last result')
    .addHelpText(
      'after',
      `
Reads the store, not the config file: every monitor the running tocsin holds
(API-created, inbound and self monitors, and monitors the file no longer names
included), its confirmed status and markers (stale, acknowledged, maintenance,
flapping, blocked by). From the file it needs only database.url: a \${VARIABLE}
unset in this shell elsewhere in it does not stop it. It never creates,
migrates or writes a database. When no engine runs on the store, it says so
and prints the results as of then.

Exit status: 0 all up (or pending, paused, in maintenance), 1 something
degraded, 2 something down, 3 unknown: tocsin is not running or not checking,
a check could not judge, a result is stale, or the store cannot be read.

Examples:
  tocsin status
  tocsin -c /etc/tocsin/tocsin.yaml status
  tocsin status --json | jq '.monitors[] | select(.status == "down")'`,
    )
    .action(async (options: { json?: boolean }, command: Command) => {
      try {
        const url = await readStoreUrl(configPath(command.optsWithGlobals<{ config?: string }>().config));
        const now = Date.now();
        const { overview, cluster } = await withStore(url, 'read', async (store) => ({
          overview: await readOverview(store.db, now, await probeRunnerLock(url, store.db)),
          // A store from before leases (read, never migrated here) has no cluster to show.
          cluster: clusterOf(await clusterInstances(store.db, now, LIVE_MS).catch(() => [])),
        }));
        process.stdout.write(
          options.json
            ? JSON.stringify({ ...toJson(overview, now), ...(cluster && { instances: cluster.map(instanceJson) }) }, null, 2) + '\n'
            : render(overview, now, cluster),
        );
        process.exitCode = statusExitCode(overview);
      } catch (error) {
        // Not knowing is UNKNOWN (3), never "down" (2): a monitoring script must not page for a typo.
        process.stderr.write(`tocsin: ${(error as Error).message}\n`);
        process.exitCode = 3;
      }
    });
  registerStatusExport(status);
}

/** One sentence on the engine: the first thing an on-call person needs to know. */
function describeEngine(engine: EngineOverview, now: number): string {
  const i = engine.instance;
  const who = i ? `pid ${i.pid} on ${i.host}` : '';
  const asOf = 'The results below are as of then and may no longer be true.';
  switch (engine.state) {
    case 'never':
      return 'tocsin is not running: no engine has written a heartbeat to this store.';
    case 'stopped':
      return `tocsin is not running: stopped ${ago(now - i!.heartbeatAt)} (${who}). ${asOf}`;
    case 'gone':
      return `tocsin is not running: last seen ${ago(now - i!.heartbeatAt)} (${who}). ${asOf}`;
    case 'not_checking':
      return `tocsin is running but not checking: ${engine.detail}${i ? ` (${who})` : ''}.`;
    case 'checking':
      return `tocsin is running: ${who}, version ${i!.version}, started ${ago(now - i!.startedAt)}, ${plural(i!.monitorsScheduled, 'monitor')} scheduled, last heartbeat ${ago(now - i!.heartbeatAt)}.`;
  }
}

function markers(m: MonitorOverview): string[] {
  return [
    ...(m.confirming ? [confirmingText(m.confirming)] : []),
    ...(m.stale ? ['stale'] : []),
    ...(m.acknowledged_by !== null ? [`acknowledged by ${m.acknowledged_by}`] : []),
    ...(m.maintenance ? ['maintenance'] : []),
    ...(m.silenced ? ['silenced'] : []),
    ...(m.flapping ? ['flapping'] : []),
    ...(m.blocked_by.length > 0 ? [`blocked by ${m.blocked_by.join(', ')}`] : []),
  ];
}

/** Within this an instance that has not stopped counts as running (its heartbeat is every 5 s at most). */
const LIVE_MS = 30_000;

/** Instances sharing the store (cluster mode): shown once any of them holds a lease; undefined for a single runner. */
function clusterOf(instances: ClusterInstance[]): ClusterInstance[] | undefined {
  return instances.some((i) => i.monitorsHeld > 0 || i.jobs.length > 0) ? instances.filter((i) => i.live || i.monitorsHeld > 0) : undefined;
}

function instanceJson(i: ClusterInstance) {
  return {
    name: i.name,
    host: i.host,
    pid: i.pid,
    live: i.live,
    last_seen_at: i.lastSeenAt,
    monitors_held: i.monitorsHeld,
    jobs: i.jobs,
  };
}

function renderCluster(instances: ClusterInstance[], now: number): string[] {
  const width = Math.max(...instances.map((i) => i.name.length), 8) + 2;
  return [
    `cluster: ${plural(instances.filter((i) => i.live).length, 'live instance')}`,
    `${'INSTANCE'.padEnd(width)}${'LIVE'.padEnd(6)}${'LAST SEEN'.padEnd(14)}${'HELD'.padEnd(8)}JOBS`,
    ...instances.map(
      (i) =>
        `${i.name.padEnd(width)}${(i.live ? 'yes' : 'no').padEnd(6)}${ago(now - i.lastSeenAt).padEnd(14)}${String(i.monitorsHeld).padEnd(8)}${i.jobs.join(', ') || '-'}`,
    ),
  ];
}

function render(overview: Overview, now: number, cluster?: ClusterInstance[]): string {
  const lines = [describeEngine(overview.engine, now), ...(cluster ? renderCluster(cluster, now) : [])];
  const rows = overview.monitors;
  if (rows.length === 0) return `${lines.join('\n')}\nno monitors in the store\n`;
  const idWidth = Math.max(...rows.map((r) => r.id.length), 2) + 2;
  const marks = rows.map((r) => markers(r).join(' · ') || '-');
  const markWidth = Math.max(...marks.map((m) => m.length), 7) + 2;
  lines.push(
    `${'STATE'.padEnd(10)}${'ID'.padEnd(idWidth)}${'TYPE'.padEnd(10)}${'SINCE'.padEnd(14)}${'CHECKED'.padEnd(14)}${'MARKERS'.padEnd(markWidth)}MESSAGE`,
  );
  rows.forEach((r, index) => {
    const since = r.since === null ? '-' : ago(now - r.since);
    const checked = r.last_at === null ? 'not yet' : ago(now - r.last_at);
    lines.push(
      `${badge(r.status, 10)}${r.id.padEnd(idWidth)}${r.type.padEnd(10)}${since.padEnd(14)}${checked.padEnd(14)}${marks[index]!.padEnd(markWidth)}${r.message}`,
    );
  });
  return lines.join('\n') + '\n';
}

function toJson(overview: Overview, now: number) {
  const { engine } = overview;
  const tocsin = {
    state: engine.state,
    running: engine.state === 'checking' || engine.state === 'not_checking',
    checking: engine.state === 'checking',
    message: describeEngine(engine, now),
    ...(engine.detail !== undefined && { detail: engine.detail }),
    instance: engine.instance && instanceFields(engine.instance),
  };
  return { at: now, tocsin, monitors: overview.monitors };
}

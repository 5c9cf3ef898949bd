import type { Command } from 'commander';
import { ownDatabaseOf, type OwnDatabase } from '../../checks/db/own-database.js';
import { runMonitorCheck } from '../../checks/registry.js';
import { type CheckResult, worstStatus } from '../../core/types.js';
import { runWithDeadline } from '../../engine/deadline.js';
import { TocsinError } from '../../lib/errors.js';
import { parseDuration } from '../../lib/duration.js';
import type { MonitorConfig } from '../../schema/config.js';
import { adHocMonitors } from '../ad-hoc.js';
import { configPath, databaseUrl, readConfig } from '../config-file.js';
import { badge, exitCodeForResult, formatMs, formatTimings } from '../output.js';

interface CheckOptions {
  json?: boolean;
  timeout?: string;
}

export function registerCheck(program: Command): void {
  program
    .command('check')
    .argument('<monitor-or-url>', 'a monitor id from the config, or a URL: https://host/path, http://…, tcp://host:port')
    .option('--json', 'print the result as JSON')
    .option('--timeout <duration>', 'deadline for ad-hoc URL checks', '10s')
    .description('run one check now and print its status, message and timings')
    .addHelpText(
      'after',
      `
Exit status: 0 up, 1 degraded, 2 down, 3 unknown (as Nagios plugins do).

Examples:
  tocsin check update-center           run a monitor from tocsin.yaml
  tocsin check https://example.org/    HTTP and certificate checks of a URL
  tocsin check tcp://db.internal:5432  can it connect?
  tocsin check docs-certificate --json`,
    )
    .action(async (target: string, options: CheckOptions, command: Command) => {
      let monitors: MonitorConfig[];
      let ownDatabase: OwnDatabase | undefined;
      try {
        if (target.includes('://')) monitors = adHocMonitors(target, timeoutOption(options.timeout));
        else ({ monitors, ownDatabase } = await monitorFromConfig(target, command.optsWithGlobals().config));
      } catch (error) {
        // A check that could not run is UNKNOWN (3), as for Nagios plugins: never "down" (2).
        process.stderr.write(`tocsin: ${(error as Error).message}\n`);
        process.exitCode = 3;
        return;
      }
      const run = (m: MonitorConfig) => runWithDeadline((ctx) => runMonitorCheck(m, { ...ctx, ownDatabase }), m.timeout);
      const results = await Promise.all(monitors.map(async (m) => ({ monitor: m, result: await run(m) })));
      print(target, results, Boolean(options.json));
      process.exitCode = Math.max(...results.map((r) => exitCodeForResult(r.result)));
    });
}

function timeoutOption(text: string | undefined): number {
  const ms = parseDuration(text ?? '10s');
  if (ms === undefined) throw new TocsinError('invalid_input', `--timeout ${text}: expected a duration such as 5s or 500ms`, { field: 'timeout' });
  return ms;
}

/** The monitor, and the store its SQL probe must refuse (by URL: the command opens no store). */
async function monitorFromConfig(id: string, option: string | undefined): Promise<{ monitors: MonitorConfig[]; ownDatabase: OwnDatabase | undefined }> {
  const config = await readConfig(configPath(option));
  const monitor = config.monitors.find((m) => m.id === id);
  if (!monitor) {
    const known = config.monitors.map((m) => m.id).join(', ');
    throw new TocsinError('not_found', `no monitor "${id}" in the config; known monitors: ${known || 'none'}`);
  }
  if (monitor.type === 'heartbeat') throw new TocsinError('invalid_input', `${id} is a heartbeat monitor: it is pinged by the job, not checked by tocsin`);
  return { monitors: [monitor], ownDatabase: ownDatabaseOf(databaseUrl(config)) };
}

function print(target: string, results: { monitor: MonitorConfig; result: CheckResult }[], json: boolean): void {
  const overall = results.map((r) => r.result.status).reduce(worstStatus);
  if (json) {
    const checks = results.map(({ monitor, result }) => ({ type: monitor.type, ...toJson(result) }));
    process.stdout.write(JSON.stringify({ target, status: overall, checks }, null, 2) + '\n');
    return;
  }
  for (const { monitor, result } of results) {
    const label = result.unknown ? 'unknown' : result.status;
    process.stdout.write(`${badge(label)}${monitor.type.padEnd(6)} ${result.message}\n`);
    process.stdout.write(`${' '.repeat(15)}${formatTimings(result.timings) || `total ${formatMs(result.latencyMs)}`}\n`);
  }
}

function toJson(result: CheckResult) {
  return {
    status: result.status,
    ...(result.unknown ? { unknown: true } : {}),
    message: result.message,
    latency_ms: result.latencyMs,
    timings: result.timings,
    metrics: result.metrics ?? {},
  };
}

import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { ownDatabaseOf, type OwnDatabase } from '../../checks/db/own-database.js';
import type { RdapDefaults } from '../../checks/domain/schema.js';
import { runMonitorCheck } from '../../checks/registry.js';
import { probeTargetPolicy, type TargetPolicy } from '../../core/targets/policy.js';
import { type CheckResult, type Status, worstStatus } from '../../core/types.js';
import { runWithDeadline } from '../../engine/deadline.js';
import { TocsinError } from '../../lib/errors.js';
import { parseDuration } from '../../lib/duration.js';
import type { Config, MonitorConfig } from '../../schema/config.js';
import { adHocMonitors, isAdHocTarget, redact } from '../ad-hoc.js';
import { durationArgument } from '../arguments.js';
import { configPath, databaseUrl, readConfig } from '../../config/file.js';
import { badge, exitCodeFor, formatMs, formatTimings } from '../output.js';

interface CheckOptions {
  json?: boolean;
  timeout?: string;
}

export function registerCheck(program: Command): void {
  program
    .command('check')
    .argument('<monitor-or-target>', 'a monitor id from the config, or a target: a URL (https://, postgres://, dns://…) or host:port')
    .option('--json', 'print the result as JSON')
    .option('--timeout <duration>', 'deadline for ad-hoc URL checks', durationArgument, '10s')
    .description('run one check now and print its status, message and timings')
    .addHelpText(
      'after',
      `
Exit status: 0 up, 1 degraded, 2 down, 3 unknown (as Nagios plugins do).

Examples:
  tocsin check update-center           run a monitor from tocsin.yaml
  tocsin check https://example.org/    HTTP and certificate checks of a URL
  tocsin check db.internal:5432        can it connect? (as tcp://db.internal:5432)
  tocsin check tls://ldap.example.org:636            certificate of any TLS port
  tocsin check postgres://monitor@db.internal/app   connect and SELECT 1
  tocsin check mysql://monitor@db.internal/app      connect and SELECT 1
  tocsin check redis://cache.internal:6379          connect and PING
  tocsin check smtp://mail.example.org:587?starttls=true
  tocsin check 'dns://example.org?record=MX&server=9.9.9.9'
  tocsin check docs-certificate --json

Targets: http:// and https:// (https also checks the certificate), tcp://host:port or
host:port, tls://host[:port], smtp://host[:port][?starttls=true],
dns://name[?record=A|AAAA|CNAME|MX|TXT|NS|SOA][&server=ip[:port]], postgres:// or
postgresql://, mysql:// or mariadb://, redis:// or rediss://. A password in a URL is
never printed back.`,
    )
    .action(async (target: string, options: CheckOptions, command: Command) => {
      let run: ChecksToRun;
      try {
        run = await checksToRun(target, options, command.optsWithGlobals<{ config?: string }>().config);
      } catch (error) {
        // A check that could not run is UNKNOWN (3), as for Nagios plugins: never "down" (2).
        process.stderr.write(`tocsin: ${(error as Error).message}\n`);
        process.exitCode = 3;
        return;
      }
      const { monitors, targets, ownDatabase, rdap } = run;
      const check = (m: MonitorConfig) => runWithDeadline((ctx) => runMonitorCheck(m, { ...ctx, targets, ownDatabase, rdap }), m.timeout);
      const results = await Promise.all(monitors.map(async (m) => ({ monitor: m, result: await check(m) })));
      process.exitCode = exitCodeFor(print(target, results, Boolean(options.json)));
    });
}

interface ChecksToRun {
  monitors: MonitorConfig[];
  targets: TargetPolicy | undefined;
  /** The store SQL probes must refuse (by URL: the command opens no store). */
  ownDatabase: OwnDatabase | undefined;
  /** server.rdap, for domain checks. */
  rdap: RdapDefaults | undefined;
}

/**
 * What to run, where it may connect, and what it must not query. A URL needs no config file, but
 * where there is one its server.probe_targets and its store apply, as they do in the running tocsin.
 */
async function checksToRun(target: string, options: CheckOptions, option: string | undefined): Promise<ChecksToRun> {
  const file = configPath(option);
  const adHoc = isAdHocTarget(target);
  const config = adHoc && option === undefined && !existsSync(file) ? undefined : await readConfig(file);
  return {
    monitors: adHoc ? adHocMonitors(target, timeoutOption(options.timeout)) : [monitorFromConfig(target, config!)],
    targets: probeTargetPolicy(config?.server.probe_targets),
    ownDatabase: config && ownDatabaseOf(databaseUrl(config)),
    rdap: config?.server.rdap,
  };
}

function timeoutOption(text: string | undefined): number {
  const ms = parseDuration(text ?? '10s');
  if (ms === undefined) throw new TocsinError('invalid_input', `--timeout ${text}: expected a duration such as 5s or 500ms`, { field: 'timeout' });
  return ms;
}

function monitorFromConfig(id: string, config: Config): MonitorConfig {
  const monitor = config.monitors.find((m) => m.id === id);
  if (!monitor) {
    const known = config.monitors.map((m) => m.id).join(', ');
    throw new TocsinError('not_found', `no monitor "${id}" in the config; known monitors: ${known || 'none'}`);
  }
  if (monitor.type === 'heartbeat') throw new TocsinError('invalid_input', `${id} is a heartbeat monitor: it is pinged by the job, not checked by tocsin`);
  return monitor;
}

/** Prints every result and returns the worst status, which decides the exit code. */
function print(target: string, results: { monitor: MonitorConfig; result: CheckResult }[], json: boolean): Status {
  const overall = results.map((r) => r.result.status).reduce(worstStatus);
  if (json) {
    const checks = results.map(({ monitor, result }) => ({ type: monitor.type, ...toJson(result) }));
    process.stdout.write(JSON.stringify({ target: redact(target), status: overall, checks }, null, 2) + '\n');
    return overall;
  }
  for (const { monitor, result } of results) {
    // Width 9: DEGRADED and UNKNOWN fill 8 and still need a space before the type.
    process.stdout.write(`${badge(result.status, 9)}${monitor.type.padEnd(6)} ${result.message}\n`);
    process.stdout.write(`${' '.repeat(16)}${formatTimings(result.timings) || `total ${formatMs(result.latencyMs)}`}\n`);
  }
  return overall;
}

function toJson(result: CheckResult) {
  return {
    status: result.status,
    message: result.message,
    latency_ms: result.latencyMs,
    timings: result.timings,
    metrics: result.metrics ?? {},
  };
}

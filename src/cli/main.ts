#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { TocsinError, exitCodeOf } from '../lib/errors.js';
import { packageVersion } from './version.js';

type Register = (program: Command) => void;

/**
 * Each command's module, by the top-level names it registers, in the order `tocsin --help` lists them.
 * Loaded on demand: every module together is the whole of tocsin (server, dashboard, checks, channels),
 * about 100 MB that the supervisor of `tocsin start` carried for as long as it ran.
 */
const commands: Array<[names: string[], load: () => Promise<Register>]> = [
  [['start'], async () => (await import('./commands/start.js')).registerStart],
  [['validate'], async () => (await import('./commands/validate.js')).registerValidate],
  [['check'], async () => (await import('./commands/check.js')).registerCheck],
  [['status'], async () => (await import('./commands/status.js')).registerStatus],
  [['plan'], async () => (await import('./commands/plan.js')).registerPlan],
  [['apply'], async () => (await import('./commands/apply.js')).registerApply],
  [['ack'], async () => (await import('./commands/ack.js')).registerAck],
  [['notify'], async () => (await import('./commands/notify.js')).registerNotify],
  [['migrate'], async () => (await import('./commands/migrate.js')).registerMigrate],
  [['schema'], async () => (await import('./commands/schema.js')).registerSchema],
  [['incident', 'maintenance'], async () => (await import('./commands/incident.js')).registerIncident],
  [['report'], async () => (await import('./commands/report.js')).registerReport],
  [['runbooks'], async () => (await import('./commands/runbooks.js')).registerRunbooks],
  [['user'], async () => (await import('./commands/user.js')).registerUser],
  [['storage'], async () => (await import('./commands/storage.js')).registerStorage],
  [['backup'], async () => (await import('./commands/backup.js')).registerBackup],
  [['restore'], async () => (await import('./commands/restore.js')).registerRestore],
  [['import'], async () => (await import('./commands/import.js')).registerImport],
  [['oncall'], async () => (await import('./commands/oncall.js')).registerOncall],
  [['agent'], async () => (await import('./commands/agent.js')).registerAgent],
  [['agent-token'], async () => (await import('./commands/agent-token.js')).registerAgentToken],
];

quietOnClosedPipe(process.stdout);
quietOnClosedPipe(process.stderr);

const program = new Command('tocsin')
  .description('Self-hosted monitoring, alerting and status pages that never fail silently.')
  .version(`tocsin ${packageVersion()}`, '-V, --version', 'print the version and exit')
  .option('-c, --config <file>', 'config file (default: $TOCSIN_CONFIG or ./tocsin.yaml)')
  .showHelpAfterError('(add --help for usage)')
  .exitOverride();

try {
  for (const load of await modulesFor(process.argv.slice(2))) (await load())(program);
  await program.parseAsync(process.argv);
} catch (error) {
  process.exitCode = report(error);
}

/**
 * The modules a command line needs: the one its command names, or none for `--version`, or all of them
 * (help, a misspelt command) so that commander lists and suggests as it always did. Commander still
 * parses the whole line; a word misread here only costs loading more, never a different outcome.
 */
async function modulesFor(args: readonly string[]): Promise<Array<() => Promise<Register>>> {
  const name = commandWord(args);
  const named = commands.find(([names]) => name !== undefined && names.includes(name));
  if (named) return [named[1]];
  if (name === undefined && args.some((arg) => arg === '-V' || arg === '--version')) return [];
  return commands.map(([, load]) => load);
}

/** The first word that is not an option: `-c`/`--config` is the one global option taking a value. */
function commandWord(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '-c' || args[i] === '--config') i += 1;
    else if (!args[i]!.startsWith('-')) return args[i];
  }
  return undefined;
}

/** Errors leave as one readable message and a documented exit code, never a stack trace. */
function report(error: unknown): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
  if (error instanceof TocsinError) {
    process.stderr.write(`tocsin: ${error.message}\n`);
    return exitCodeOf(error.code);
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`tocsin: ${message}\n`);
  return 1;
}

/**
 * `tocsin status | head -1`: the reader went away, which is no error of ours. Stop quietly with the
 * status already decided rather than die on EPIPE with a stack trace.
 */
function quietOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });
}

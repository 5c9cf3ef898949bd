#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { TocsinError, exitCodeOf } from '../lib/errors.js';
import { registerAck } from './commands/ack.js';
import { registerAgent } from './commands/agent.js';
import { registerAgentToken } from './commands/agent-token.js';
import { registerApply } from './commands/apply.js';
import { registerBackup } from './commands/backup.js';
import { registerPlan } from './commands/plan.js';
import { registerRestore } from './commands/restore.js';
import { registerCheck } from './commands/check.js';
import { registerIncident } from './commands/incident.js';
import { registerMigrate } from './commands/migrate.js';
import { registerNotify } from './commands/notify.js';
import { registerOncall } from './commands/oncall.js';
import { registerSchema } from './commands/schema.js';
import { registerStart } from './commands/start.js';
import { registerStatus } from './commands/status.js';
import { registerStorage } from './commands/storage.js';
import { registerUser } from './commands/user.js';
import { registerValidate } from './commands/validate.js';
import { registerImport } from './commands/import.js';
import { registerReport } from './commands/report.js';
import { registerRunbooks } from './commands/runbooks.js';
import { packageVersion } from './version.js';

quietOnClosedPipe(process.stdout);
quietOnClosedPipe(process.stderr);

const program = new Command('tocsin')
  .description('Self-hosted monitoring, alerting and status pages that never fail silently.')
  .version(`tocsin ${packageVersion()}`, '-V, --version', 'print the version and exit')
  .option('-c, --config <file>', 'config file (default: $TOCSIN_CONFIG or ./tocsin.yaml)')
  .showHelpAfterError('(add --help for usage)')
  .exitOverride();

for (const register of [
  registerStart,
  registerValidate,
  registerCheck,
  registerStatus,
  registerPlan,
  registerApply,
  registerAck,
  registerNotify,
  registerMigrate,
  registerSchema,
  registerIncident,
  registerReport,
  registerRunbooks,
  registerUser,
  registerStorage,
  registerBackup,
  registerRestore,
  registerImport,
  registerOncall,
  registerAgent,
  registerAgentToken,
]) {
  register(program);
}

try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.exitCode = report(error);
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

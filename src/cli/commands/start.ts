import type { Command } from 'commander';
import { createLogger } from '../../lib/logger.js';
import { runSupervisor } from '../../supervisor/run.js';
import { listenArgument } from '../arguments.js';
import { configPath } from '../../config/path.js';
import { writeStarterConfig } from '../starter-config.js';

export function registerStart(program: Command): void {
  program
    .command('start')
    .description('run tocsin: checks, alerts, HTTP server — under a supervisor that restarts a stalled engine')
    .option('--listen <host:port>', 'override server.listen', listenArgument)
    .option('--no-supervisor', 'run the engine in this process, without the watchdog (for debugging)')
    .addHelpText(
      'after',
      `
The supervisor restarts the engine, and says so on every channel, when it
stops sending heartbeats (watchdog.stall_after), completes no checks while
checks are due, grows past watchdog.max_rss, or exits.

Signals: SIGHUP reloads the config (monitors left unchanged keep their state);
SIGTERM/SIGINT stop after writing results in flight.

One runner per store: a second start on the same database refuses (exit 5),
naming the pid and host that hold it; the lock goes with its holder, so a
start after a crash takes over at once. A database file that is empty,
truncated or not SQLite is refused (exit 7) with its path; a missing one is
created (a fresh install). A relative sqlite: path is relative to the config
file. Run without -c or TOCSIN_CONFIG in a directory with no tocsin.yaml, it
writes a starter one there (a first run) and says so.

Examples:
  tocsin start
  tocsin -c examples/tocsin.yaml start --listen 127.0.0.1:9090
  tocsin start --no-supervisor`,
    )
    .action(async (options: { listen?: string; supervisor: boolean }, command: Command) => {
      const logger = createLogger();
      const given = command.optsWithGlobals<{ config?: string }>().config;
      const path = configPath(given);
      const wrote = writeStarterConfig(path, given === undefined && process.env.TOCSIN_CONFIG === undefined);
      if (wrote) logger.warn(wrote);
      if (!options.supervisor) {
        // Imported here: the supervisor, which is what usually runs, needs none of the engine.
        const { serveEngine } = await import('../../supervisor/serve-engine.js');
        await serveEngine({ configPath: path, listen: options.listen, env: process.env, logger });
        return;
      }
      const code = await runSupervisor({ configPath: path, listen: options.listen, env: process.env, logger });
      // pino writes synchronously to stdout; nothing is left to flush.
      process.exit(code);
    });
}

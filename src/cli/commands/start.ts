import type { Command } from 'commander';
import { createLogger } from '../../lib/logger.js';
import { startTocsin } from '../../main.js';
import { configPath } from '../config-file.js';

export function registerStart(program: Command): void {
  program
    .command('start')
    .description('run tocsin: checks, alerts, HTTP server')
    .option('--listen <host:port>', 'override server.listen')
    .addHelpText(
      'after',
      `
Signals: SIGHUP reloads the config (monitors left unchanged keep their state);
SIGTERM/SIGINT stop after writing results in flight.

Examples:
  tocsin start
  tocsin -c examples/tocsin.yaml start --listen 127.0.0.1:9090`,
    )
    .action(async (options: { listen?: string }, command: Command) => {
      const logger = createLogger();
      const tocsin = await startTocsin({ configPath: configPath(command.optsWithGlobals().config), env: process.env, logger, listen: options.listen });
      process.on('SIGHUP', () => void tocsin.reload());
      let stopping = false;
      const stop = (signal: string) => {
        if (stopping) return;
        stopping = true;
        logger.info(`${signal} received; stopping`);
        void tocsin.stop().then(() => process.exit(0));
      };
      process.on('SIGTERM', () => stop('SIGTERM'));
      process.on('SIGINT', () => stop('SIGINT'));
    });
}

/**
 * The engine child's entry point: `node dist/supervisor/engine-entry.js
 * --config <file> [--listen host:port] [--small-install]`, forked by the supervisor with an IPC
 * channel. Not a user-facing command; `tocsin start` runs it.
 */
import { SMALL_INSTALL_ARG } from '../engine/compilers.js';
import { ipcSender } from '../engine/heartbeat-ipc.js';
import { createLogger } from '../lib/logger.js';
import { serveEngine } from './serve-engine.js';

function option(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at === -1 ? undefined : process.argv[at + 1];
}

const configPath = option('--config');
if (!configPath) {
  process.stderr.write('tocsin engine: --config <file> is required (the engine is started by `tocsin start`)\n');
  process.exit(2);
}
await serveEngine({
  configPath,
  listen: option('--listen'),
  env: process.env,
  logger: createLogger(),
  send: ipcSender(),
  smallInstall: process.argv.includes(SMALL_INSTALL_ARG),
});

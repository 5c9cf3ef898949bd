/** tocsin agent: run one location's checks for a tocsin server (see cli/agent/agent.ts). */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { TocsinError } from '../../lib/errors.js';
import { createLogger } from '../../lib/logger.js';
import { ProbeAgent } from '../agent/agent.js';

const LOCATION = /^[a-z0-9-]{1,40}$/;
const MAX_BUFFER = 1024 * 1024 * 1024;

export function registerAgent(program: Command): void {
  program
    .command('agent')
    .description('run the checks of one location for a tocsin server and post their results (a probe agent)')
    .requiredOption('--server <url>', 'the tocsin server, e.g. https://tocsin.example.org')
    .option('--token <token>', 'the agent token (tocsin agent-token create); default $TOCSIN_AGENT_TOKEN')
    .requiredOption('--location <name>', 'the location this agent checks from, as monitors name it in locations:')
    .option('--buffer-dir <dir>', 'where results wait while the server cannot be reached')
    .option('--buffer-max <bytes>', 'the most the buffer may hold before it drops its oldest results', String(64 * 1024 * 1024))
    .addHelpText('after', '\nExample:\n  TOCSIN_AGENT_TOKEN=tocsin_agent_… tocsin agent --server https://tocsin.example.org --location eu-west')
    .action(async (options: { server: string; token?: string; location: string; bufferDir?: string; bufferMax: string }) => {
      const token = options.token ?? process.env.TOCSIN_AGENT_TOKEN;
      if (!token) throw new TocsinError('invalid_input', 'an agent needs its token: --token or $TOCSIN_AGENT_TOKEN', { field: 'token' });
      if (!LOCATION.test(options.location))
        throw new TocsinError('invalid_input', `--location "${options.location}": expected 1 to 40 lowercase letters, digits or "-"`, { field: 'location' });
      let server: URL;
      try {
        server = new URL(options.server);
      } catch {
        throw new TocsinError('invalid_input', `--server "${options.server}" is not a URL`, { field: 'server' });
      }
      if (server.protocol !== 'https:' && server.protocol !== 'http:')
        throw new TocsinError('invalid_input', '--server must be an http(s) URL', { field: 'server' });
      const bufferMax = Number(options.bufferMax);
      if (!Number.isInteger(bufferMax) || bufferMax < 4096 || bufferMax > MAX_BUFFER)
        throw new TocsinError('invalid_input', `--buffer-max: expected a whole number of bytes from 4096 to ${MAX_BUFFER}`, { field: 'buffer-max' });
      const logger = createLogger();
      const agent = new ProbeAgent({
        server: server.toString(),
        token,
        location: options.location,
        bufferDir: options.bufferDir ?? join(tmpdir(), `tocsin-agent-${options.location}`),
        bufferMaxBytes: bufferMax,
        logger,
      });
      agent.start();
      logger.info({ location: options.location, server: server.origin }, `probe agent for ${options.location} started`);
      await new Promise<void>((resolve) => {
        const stop = () => void agent.stop().then(resolve, resolve);
        process.once('SIGTERM', stop);
        process.once('SIGINT', stop);
      });
      logger.info('probe agent stopped');
    });
}

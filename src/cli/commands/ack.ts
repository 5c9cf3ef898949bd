import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { TocsinError } from '../../lib/errors.js';
import { acknowledge } from '../../services/acknowledge.js';
import { nudgeEngine } from '../../services/ack-nudge.js';
import { isProblem } from '../../core/alert/index.js';
import { getAlertState } from '../../store/alert-state.js';
import { configPath, databaseUrl, readConfig } from '../../config/file.js';
import { withStore } from '../store.js';

/** Long enough for the engine's own 1 s turn when it cannot be told at once; past it the request still waits in the store. */
const WAIT_MS = 5000;

export function registerAck(program: Command): void {
  program
    .command('ack <monitor>')
    .option('--by <name>', 'who takes it on (default: your user name)')
    .description('acknowledge a monitor that is down: escalation and reminders stop until it recovers')
    .addHelpText(
      'after',
      `
The running tocsin is told at once (at the address it wrote in the store when it
started), applies the acknowledgement and tells the channels that were paged; if
it cannot be reached it applies it within a second or two. Exit status: 0 acknowledged (or nothing to
acknowledge), 3 no such monitor.

Examples:
  tocsin ack update-center
  tocsin ack mirrors-db --by "Ana (on call)"`,
    )
    .action(async (monitorId: string, options: { by?: string }, command: Command) => {
      const config = await readConfig(configPath(command.optsWithGlobals<{ config?: string }>().config));
      const monitor = config.monitors.find((m) => m.id === monitorId);
      if (!monitor) {
        const known = config.monitors.map((m) => m.id).join(', ') || 'none';
        throw new TocsinError('not_found', `no monitor "${monitorId}" in the config (monitors: ${known})`);
      }
      await withStore(databaseUrl(config), 'write', async (store) => {
        const state = await getAlertState(store.db, monitorId);
        if (!state || !isProblem(state.status)) {
          process.stdout.write(`${monitor.name} is ${state?.status ?? 'pending'}: there is nothing to acknowledge\n`);
          return;
        }
        const by = options.by?.trim() || whoAmI();
        const answer = await acknowledge(
          { db: store.db, applyNow: async () => void (await nudgeEngine(store.db)) },
          { monitorId, by, actor: { kind: 'cli', label: by }, via: 'cli', episode: state.episode, tokenId: null },
          Date.now(),
          WAIT_MS,
        );
        const outcome = answer.spent ? undefined : answer.outcome;
        process.stdout.write(
          outcome ? `${outcome.message}\n` : `queued: no running tocsin applied it within ${WAIT_MS / 1000} s; it will when the engine runs\n`,
        );
      });
    });
}

function whoAmI(): string {
  try {
    return process.env.USER || userInfo().username;
  } catch {
    return 'the command line';
  }
}

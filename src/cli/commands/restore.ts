import type { Command } from 'commander';
import { TocsinError } from '../../lib/errors.js';
import { restoreMonitor } from '../../services/restore-deleted.js';
import { withConfigStore } from '../store.js';

export function registerRestore(program: Command): void {
  program
    .command('restore')
    .argument('<what>', '"monitor" to bring back a removed monitor')
    .argument('[id]', 'the monitor id')
    .description('restore a removed monitor with its history and state')
    .addHelpText(
      'after',
      `
A monitor removed by tocsin apply (or the API) is soft-deleted: its results,
state and rollups stay for retention.deleted (default 30d), then are purged.
Restoring it brings all of that back. The file no longer names it, so it comes
back as an API monitor; add it to the file again to hand it back to the file.

Examples:
  tocsin restore monitor web-home`,
    )
    .action(async (what: string, id: string | undefined, _options, command: Command) => {
      if (what !== 'monitor') throw new TocsinError('invalid_input', `expected "monitor", got "${what}"`, { field: 'what', expected: 'monitor' });
      if (!id) throw new TocsinError('invalid_input', 'expected the id of the monitor to restore: tocsin restore monitor <id>', { field: 'id' });
      await withConfigStore(command, 'write', async (store) => {
        const restored = await restoreMonitor(store.db, id, Date.now());
        process.stdout.write(`restored monitor ${restored.id} (removed ${new Date(restored.deletedAt).toISOString()}), with its history; a running tocsin picks it up within a few seconds\n`);
      });
    });
}

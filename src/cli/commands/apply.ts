import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { TocsinError } from '../../lib/errors.js';
import { requestReload } from '../../services/reload.js';
import { applyConfigPlan, describeEntries, judgePlan, planConfig } from '../../services/sync-monitors.js';
import { readConfigFile } from '../../services/config-file-facts.js';
import { configPath, databaseUrl } from '../../config/file.js';
import { formatPlan } from '../plan-view.js';
import { withStore } from '../store.js';

export function registerApply(program: Command): void {
  program
    .command('apply')
    .option('--allow-deletions', 'remove more objects of one kind than apply.max_deletions allows (they stay restorable)')
    .description('apply the config file to the store in one transaction and make the running tocsin reload it')
    .addHelpText(
      'after',
      `
Applies exactly what \`tocsin plan\` shows, in one transaction, with the same
guard as start, SIGHUP and the API's reload:

- removing more than apply.max_deletions of one kind (default "10%", never
  fewer than 3) is refused unless --allow-deletions is given;
- a config file that is empty, or that lost a whole section (no channels:
  while channels are stored), never removes anything, whatever the flags.

Removed objects are soft-deleted: restorable with their history for
retention.deleted (default 30d), e.g. tocsin restore monitor <id>.

Exit codes: 0 applied (or nothing to do), 5 refused by the guard (nothing
changed), 2 the config file does not validate, 1 other errors.

Examples:
  tocsin plan; tocsin apply
  tocsin apply --allow-deletions`,
    )
    .action(async (options: { allowDeletions?: boolean }, command: Command) => {
      const config = await readConfigFile(configPath(command.optsWithGlobals<{ config?: string }>().config));
      await withStore(databaseUrl(config), 'write', async (store) => {
        const plan = await planConfig(store.db, config);
        const entries = describeEntries(plan);
        const colour = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
        process.stdout.write(formatPlan(entries, colour));
        const verdict = judgePlan(plan, config, options.allowDeletions === true);
        if (!verdict.ok) throw new TocsinError('conflict', `nothing was changed: ${verdict.reason}.`);
        if (entries.length === 0) return;
        await applyConfigPlan(store.db, plan, Date.now(), {
          kind: 'cli',
          label: `tocsin apply${options.allowDeletions ? ' --allow-deletions' : ''} (${userInfo().username})`,
        });
        await requestReload(store.db, Date.now());
        process.stdout.write('applied; a running tocsin reloads within a few seconds\n');
      });
    });
}

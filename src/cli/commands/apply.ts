import { plural } from '../../lib/plural.js';
import type { Command } from 'commander';
import { TocsinError } from '../../lib/errors.js';
import { silentLogger } from '../../lib/logger.js';
import { planConfigSync, syncMonitors } from '../../services/sync-monitors.js';
import { requestReload } from '../../services/reload.js';
import type { MonitorSyncPlan } from '../../store/monitors.js';
import { withConfigStore } from '../store.js';

export function registerApply(program: Command): void {
  program
    .command('plan')
    .description('show what applying the config would add, change or delete; changes nothing')
    .addHelpText(
      'after',
      `
Reads the store and never writes it: a store tocsin has not created yet is an
error saying so. Needs the file's environment variables, since a monitor's
definition (with its secrets) is what is compared.

Examples:
  tocsin plan
  tocsin -c staging.yaml plan`,
    )
    .action(async (_options, command: Command) => {
      await withConfigStore(command, 'read', async (store, config) => {
        process.stdout.write(describePlan(await planConfigSync(store.db, config.monitors)));
      });
    });

  program
    .command('apply')
    .option('--allow-deletions', 'delete monitors the config no longer names (their history is kept)')
    .description('store the config and make the running tocsin reload it')
    .addHelpText(
      'after',
      `
Deleting monitors needs --allow-deletions: a config that lost half its
monitors by mistake must not delete them. Without the flag nothing changes.

Examples:
  tocsin plan && tocsin apply
  tocsin apply --allow-deletions`,
    )
    .action(async (options: { allowDeletions?: boolean }, command: Command) => {
      await withConfigStore(command, 'write', async (store, config) => {
        const plan = await planConfigSync(store.db, config.monitors);
        process.stdout.write(describePlan(plan));
        if (plan.removed.length > 0 && !options.allowDeletions) {
          throw new TocsinError(
            'conflict',
            `the config no longer names ${plural(plan.removed.length, 'monitor')} (${plan.removed.map((m) => m.id).join(', ')}); nothing was changed. ` +
              'Re-run with --allow-deletions to delete them.',
          );
        }
        await syncMonitors(store.db, config.monitors, { allowDeletions: true, now: Date.now(), logger: silentLogger() });
        await requestReload(store.db, Date.now());
        process.stdout.write('applied; a running tocsin reloads within a few seconds\n');
      });
    });
}

export function describePlan(plan: MonitorSyncPlan): string {
  const lines = [
    ...plan.added.map((m) => `  + add      ${m.id} (${m.type})`),
    ...plan.restored.map((c) => `  + restore  ${c.after.id} (deleted earlier; its history is kept)`),
    ...plan.changed.map((c) => `  ~ change   ${c.after.id}`),
    ...plan.removed.map((m) => `  - delete   ${m.id} (${m.type})`),
  ];
  const summary = `${plan.added.length} to add, ${plan.restored.length} to restore, ${plan.changed.length} to change, ${plan.removed.length} to delete, ${plan.unchanged.length} unchanged`;
  return `${lines.length ? lines.join('\n') + '\n' : ''}${summary}\n`;
}

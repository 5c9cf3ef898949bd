import type { Command } from 'commander';
import { describeEntries, judgePlan, planConfig } from '../../services/sync-monitors.js';
import { readConfigFile } from '../../services/config-file-facts.js';
import { configPath, databaseUrl } from '../../config/file.js';
import { formatPlan } from '../plan-view.js';
import { withStore } from '../store.js';

/** `tocsin plan`'s exit codes, for CI: they differ from other commands' on purpose (as terraform's -detailed-exitcode). */
export const PLAN_EXIT = { nothing: 0, error: 1, pending: 2 } as const;

export function registerPlan(program: Command): void {
  program
    .command('plan')
    .description('show what applying the config would add, change or remove, field by field; changes nothing')
    .option('--json', 'print the plan as JSON')
    .option('--exit-code', 'accepted for scripts written for other tools: the exit codes below are always on')
    .addHelpText(
      'after',
      `
Compares the config file with what the store holds, for every kind: monitors,
channels, escalation policies, status pages (and their components) and
maintenance windows. Secrets show as ••••. Reads the store and never writes it.

Exit codes (for CI):
  0  nothing to do: the store matches the file
  2  changes pending (the plan is printed)
  1  error: the file does not validate, the store cannot be read…

A plan whose removals apply would refuse says so (see tocsin apply --help).

Examples:
  tocsin plan
  tocsin plan --json | jq '.changes[] | select(.action == "remove")'`,
    )
    .action(async (options: { json?: boolean }, command: Command) => {
      try {
        const config = await readConfigFile(configPath(command.optsWithGlobals<{ config?: string }>().config));
        const output = await withStore(databaseUrl(config), 'read', async (store) => {
          const plan = await planConfig(store.db, config);
          const entries = describeEntries(plan);
          const verdict = judgePlan(plan, config, false);
          const refusal = verdict.ok ? undefined : { reason: verdict.reason, overridable: verdict.overridable };
          if (options.json) return { text: `${JSON.stringify({ changes: entries, refusal: refusal ?? null }, null, 2)}\n`, pending: entries.length > 0 };
          const colour = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
          const note = refusal ? `apply would refuse: ${refusal.reason}${refusal.overridable ? '' : ' (no flag overrides this)'}\n` : '';
          return { text: formatPlan(entries, colour) + note, pending: entries.length > 0 };
        });
        process.stdout.write(output.text);
        process.exitCode = output.pending ? PLAN_EXIT.pending : PLAN_EXIT.nothing;
      } catch (error) {
        process.stderr.write(`tocsin: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exitCode = PLAN_EXIT.error;
      }
    });
}

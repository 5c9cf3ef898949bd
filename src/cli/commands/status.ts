import type { Command } from 'commander';
import { monitorOverview, type MonitorOverview } from '../../services/monitor-overview.js';
import { migrate } from '../../store/migrate.js';
import { openStore } from '../../store/open.js';
import { configPath, databaseUrl, readConfig } from '../config-file.js';
import { registerStatusExport } from './status-export.js';
import { ago, badge } from '../output.js';

export function registerStatus(program: Command): void {
  const status = program
    .command('status')
    .option('--json', 'print as JSON')
    .description("every monitor's state, since when, and its last result")
    .addHelpText('after', '\nExit status: 0 all up, 1 something degraded, 2 something down.\n\nExamples:\n  tocsin status\n  tocsin status --json | jq \'.monitors[] | select(.status == "down")\'')
    .action(async (options: { json?: boolean }, command: Command) => {
      const config = await readConfig(configPath(command.optsWithGlobals().config));
      const store = await openStore(databaseUrl(config));
      try {
        await migrate(store.db);
        const rows = await monitorOverview(store.db, config.monitors);
        if (options.json) process.stdout.write(JSON.stringify({ monitors: rows }, null, 2) + '\n');
        else printTable(rows, Date.now());
        process.exitCode = rows.some((r) => r.status === 'down') ? 2 : rows.some((r) => r.status === 'degraded') ? 1 : 0;
      } finally {
        await store.close();
      }
    });
  registerStatusExport(status);
}

function printTable(rows: MonitorOverview[], now: number): void {
  if (rows.length === 0) {
    process.stdout.write('no monitors configured\n');
    return;
  }
  const idWidth = Math.max(...rows.map((r) => r.id.length), 2);
  const head = `${'STATE'.padEnd(10)}${'ID'.padEnd(idWidth + 2)}${'TYPE'.padEnd(10)}${'SINCE'.padEnd(14)}${'CHECKED'.padEnd(14)}MESSAGE`;
  process.stdout.write(head + '\n');
  for (const r of rows) {
    const since = r.since === null ? '-' : ago(now - r.since);
    const checked = r.last_at === null ? 'not yet' : ago(now - r.last_at);
    process.stdout.write(`${badge(r.status, 10)}${r.id.padEnd(idWidth + 2)}${r.type.padEnd(10)}${since.padEnd(14)}${checked.padEnd(14)}${r.message ?? ''}\n`);
  }
}

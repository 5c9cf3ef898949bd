import type { Command } from 'commander';
import { formatBytes, storageCost, type StorageCost } from '../../core/storage-cost.js';
import { formatDuration } from '../../lib/duration.js';
import { storeFacts, type StoreFacts } from '../../store/table-sizes.js';
import { withConfigStore } from '../store.js';

export function registerStorage(program: Command): void {
  program
    .command('storage')
    .option('--json', 'print as JSON')
    .description('how much room the database takes, how fast it grows, and what each retention setting costs')
    .addHelpText(
      'after',
      `
Reads the store named by the config (it never writes): the size of each table with
its indexes, the results of the last 24 h (routine successes, and failures and
changes apart), and from them the growth per day and the size each retention
setting holds once its window is full. Bytes per row are measured on this store,
so the figures follow its dialect and its messages.

Examples:
  tocsin storage
  tocsin storage --json | jq .steady_bytes`,
    )
    .action(async (options: { json?: boolean }, command: Command) => {
      await withConfigStore(command, 'read', async (store, config) => {
        const facts = await storeFacts(store, Date.now());
        const cost = storageCost({ ...facts, retention: config.retention });
        process.stdout.write(options.json ? `${JSON.stringify(toJson(store.location, facts, cost), null, 2)}\n` : render(store.location, facts, cost));
      });
    });
}

function render(location: string, facts: StoreFacts, cost: StorageCost): string {
  const lines = [`${location}: ${formatBytes(cost.totalBytes)}`, ''];
  const width = Math.max(5, ...facts.tables.map((t) => t.table.length));
  lines.push(`${'table'.padEnd(width)}  ${'rows'.padStart(12)}  ${'size'.padStart(9)}  bytes/row`);
  for (const t of facts.tables) {
    lines.push(
      `${t.table.padEnd(width)}  ${t.rows.toLocaleString('en-US').padStart(12)}  ${formatBytes(t.bytes).padStart(9)}  ${t.rows > 0 ? Math.round(t.bytes / t.rows) : '-'}`,
    );
  }
  lines.push('');
  const partial = cost.unmeasured.length > 0 ? ` (without ${cost.unmeasured.join(', ')}: none stored yet to measure)` : '';
  lines.push(
    `growth: ${facts.resultsPerDay.toLocaleString('en-US')} results in the last 24 h from ${facts.monitorsReporting.toLocaleString('en-US')} monitors (${facts.keptPerDay.toLocaleString('en-US')} failures and changes); ${formatBytes(cost.growthPerDay)} a day${partial} until the retention windows are full`,
  );
  lines.push('');
  for (const c of cost.costs) {
    const price = c.steadyBytes === undefined ? 'unknown until rows are stored' : formatBytes(c.steadyBytes);
    const size = c.bytesPerRow === undefined ? '' : ` × ${Math.round(c.bytesPerRow)} B`;
    lines.push(
      `${c.setting} = ${formatDuration(c.keeps)}: ${Math.round(c.rowsPerDay).toLocaleString('en-US')} rows a day${size} × ${formatDuration(c.keeps)} → ${price}`,
    );
  }
  lines.push(`everything else, at its current size: ${formatBytes(cost.otherBytes)}`);
  lines.push(`steady state at this rate: ${formatBytes(cost.steadyBytes)}${partial}`);
  return `${lines.join('\n')}\n`;
}

function toJson(location: string, facts: StoreFacts, cost: StorageCost) {
  return {
    location,
    total_bytes: cost.totalBytes,
    tables: facts.tables,
    results_per_day: facts.resultsPerDay,
    failures_and_changes_per_day: facts.keptPerDay,
    monitors_reporting: facts.monitorsReporting,
    growth_bytes_per_day: cost.growthPerDay,
    retention: cost.costs.map((c) => ({
      setting: c.setting,
      keeps_ms: c.keeps,
      rows_per_day: c.rowsPerDay,
      bytes_per_row: c.bytesPerRow ?? null,
      steady_bytes: c.steadyBytes ?? null,
    })),
    other_bytes: cost.otherBytes,
    steady_bytes: cost.steadyBytes,
    unmeasured: cost.unmeasured,
  };
}

/** `tocsin runbooks export --out dir`: the monitors' Markdown runbooks as static HTML with an index (services/runbooks.ts). */
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { configPath, readConfig } from '../../config/file.js';
import { runbookDir } from '../../services/runbook-file.js';
import { exportRunbooks } from '../../services/runbooks.js';

export function registerRunbooks(program: Command): void {
  program
    .command('runbooks')
    .description("the monitors' runbooks")
    .command('export')
    .requiredOption('--out <dir>', 'folder to write the HTML pages and index.html into')
    .description("write each monitor's Markdown runbook as a static HTML page, with an index, readable without tocsin or the wiki")
    .action(async (o: { out: string }, command: Command) => {
      const file = configPath(command.optsWithGlobals<{ config?: string }>().config);
      const config = await readConfig(file);
      const entries = await exportRunbooks(config.monitors, runbookDir(dirname(resolve(file)), config.incidents?.runbook_dir), o.out);
      const written = entries.filter((e) => !e.problem && e.href.endsWith('.html')).length;
      process.stdout.write(`wrote ${written} runbook${written === 1 ? '' : 's'} and index.html to ${o.out}\n`);
      for (const e of entries) if (e.problem) process.stderr.write(`not exported: ${e.problem}\n`);
    });
}

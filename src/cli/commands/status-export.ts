import { resolve } from 'node:path';
import type { Command } from 'commander';
import { exportPage } from '../../engine/status-export.js';
import { TocsinError } from '../../lib/errors.js';
import { configPath, databaseUrl, readConfig } from '../../config/file.js';
import { withStore } from '../store.js';

/** `tocsin status export <slug> --out dir`: a subcommand of `tocsin status`. */
export function registerStatusExport(status: Command): void {
  status
    .command('export <slug>')
    .requiredOption('--out <dir>', 'directory to write the page into (created if missing)')
    .option('--url <page-url>', 'where the copy will be served, for absolute links in the feeds')
    .description('write a status page, its assets, JSON and feeds as static files')
    .addHelpText(
      'after',
      `
The directory holds index.html, status.json, feed.rss, feed.atom, feed.json and
assets/, all linked relatively: serve it from any file server or bucket, so the
page stays up when this host does not. status_pages[].export_every keeps such a
copy fresh from the running tocsin.

Examples:
  tocsin status export public --out /var/www/status
  tocsin status export public --out ./public --url https://status.example.org/`,
    )
    .action(async (slug: string, options: { out: string; url?: string }, command: Command) => {
      const config = await readConfig(configPath(command.optsWithGlobals<{ config?: string }>().config));
      const page = config.status_pages.find((p) => p.slug === slug);
      if (!page) {
        const known = config.status_pages.map((p) => p.slug).join(', ') || 'none configured';
        throw new TocsinError('not_found', `no status page "${slug}" in the config (pages: ${known})`);
      }
      if (options.url !== undefined && !/^https?:\/\/./.test(options.url)) {
        throw new TocsinError('invalid_input', `--url must be an http:// or https:// URL, got "${options.url}"`, { field: 'url' });
      }
      await withStore(databaseUrl(config), 'read', async (store) => {
        const dir = resolve(options.out);
        const files = await exportPage(
          { db: store.db, now: Date.now(), maintenance: config.maintenance, pageUrl: options.url, monitors: config.monitors },
          page,
          dir,
        );
        process.stdout.write(`exported "${slug}" (${page.title}) to ${dir}: ${files.join(', ')}\n`);
      });
    });
}

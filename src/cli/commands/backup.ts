import { resolve } from 'node:path';
import type { Command } from 'commander';
import { tocsinVersion } from '../../backup/version.js';
import { writeBackup } from '../../backup/write.js';
import { TocsinError } from '../../lib/errors.js';
import { configPath, readStoreUrl } from '../../config/file.js';
import { withStore } from '../store.js';

export function registerBackup(program: Command): void {
  program
    .command('backup')
    .requiredOption('--out <file>', 'where to write the backup (a .gz file; written to a temp name, then renamed)')
    .description('write a consistent backup of the store while tocsin runs')
    .addHelpText(
      'after',
      `
Reads every table of tocsin's store inside one snapshot (a read transaction on
SQLite, REPEATABLE READ on PostgreSQL) while tocsin goes on writing, and writes
one gzip'd file of JSON lines with a manifest: tocsin version, schema version,
rows per table and a SHA-256 of the content. The file restores into an empty
SQLite or PostgreSQL database (tocsin restore <file>): it also moves a tocsin
from one to the other.

Examples:
  tocsin backup --out /var/backups/tocsin-$(date +%F).tocsin-backup.gz`,
    )
    .action(async (options: { out: string }, command: Command) => {
      if (!options.out.trim()) throw new TocsinError('invalid_input', 'expected a file name after --out', { field: 'out' });
      const url = await readStoreUrl(configPath(command.optsWithGlobals<{ config?: string }>().config));
      await withStore(url, 'read', async (store) => {
        const manifest = await writeBackup(store, resolve(options.out), tocsinVersion());
        const rows = Object.values(manifest.tables).reduce((a, b) => a + b, 0);
        process.stdout.write(
          `wrote ${resolve(options.out)}: ${Object.keys(manifest.tables).length} tables, ${rows} rows, schema ${manifest.schema_version}, sha256 ${manifest.sha256}\n`,
        );
      });
    });
}

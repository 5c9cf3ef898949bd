import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { BackupFileError } from '../../backup/format.js';
import { restoreBackup } from '../../backup/restore.js';
import { TocsinError } from '../../lib/errors.js';
import { listRemoved, restoreMonitor } from '../../services/restore-deleted.js';
import { openStore } from '../../store/open.js';
import { configPath, readStoreUrl } from '../../config/file.js';
import { withConfigStore } from '../store.js';

export function registerRestore(program: Command): void {
  program
    .command('restore')
    .argument('<what>', '"monitor" to bring back a removed monitor, or a backup file written by tocsin backup')
    .argument('[id]', 'the monitor id (without it: list the removed monitors)')
    .description('restore a removed monitor with its history, or a backup into an empty database')
    .addHelpText(
      'after',
      `
A monitor removed by tocsin apply (or the API) is soft-deleted: its results,
state and rollups stay for retention.deleted (default 30d), then are purged.
Restoring it brings all of that back. The file no longer names it, so it comes
back as an API monitor; add it to the file again to hand it back to the file.

A backup file restores into the config's database (or TOCSIN_DATABASE_URL),
which must be empty: SQLite or PostgreSQL, whichever the backup came from.
The whole file is verified first (gzip, manifest counts, SHA-256): a damaged
or truncated file is refused and nothing is written.

Examples:
  tocsin restore monitor            (lists removed monitors)
  tocsin restore monitor web-home
  TOCSIN_DATABASE_URL=postgres://tocsin@db/tocsin tocsin restore tocsin.tocsin-backup.gz`,
    )
    .action(async (what: string, id: string | undefined, _options, command: Command) => {
      if (what !== 'monitor') {
        if (id !== undefined)
          throw new TocsinError('invalid_input', `expected "monitor <id>" or a backup file, got "${what} ${id}"`, { field: 'what', expected: 'monitor' });
        await restoreFile(resolve(what), await readStoreUrl(configPath(command.optsWithGlobals<{ config?: string }>().config)));
        return;
      }
      await withConfigStore(command, 'write', async (store, config) => {
        if (!id) {
          const removed = (await listRemoved(store.db, config.retention.deleted ?? 30 * 86_400_000)).filter((o) => o.kind === 'monitor');
          process.stdout.write(
            removed.length === 0
              ? 'no removed monitors to restore\n'
              : `${removed.map((o) => `${o.id}  removed ${new Date(o.removedAt).toISOString()}, purged after ${new Date(o.purgedAfter).toISOString()}`).join('\n')}\nrestore one with: tocsin restore monitor <id>\n`,
          );
          return;
        }
        const restored = await restoreMonitor(store.db, id, Date.now(), { kind: 'cli', label: `tocsin restore (${userInfo().username})` });
        process.stdout.write(
          `restored monitor ${restored.id} (removed ${new Date(restored.deletedAt).toISOString()}), with its history; a running tocsin picks it up within a few seconds\n`,
        );
      });
    });
}

async function restoreFile(file: string, url: string): Promise<void> {
  const store = await openStore(url, { access: 'write' });
  try {
    const manifest = await restoreBackup(file, store);
    const rows = Object.values(manifest.tables).reduce((a, b) => a + b, 0);
    process.stdout.write(
      `restored ${rows} rows of ${Object.keys(manifest.tables).length} tables (backup of ${manifest.created_at}, tocsin ${manifest.tocsin_version}, from ${manifest.dialect}) into ${store.location}\n`,
    );
  } catch (error) {
    if (error instanceof BackupFileError) throw new TocsinError('invalid_input', error.message, { field: 'file' });
    throw error;
  } finally {
    await store.close();
  }
}

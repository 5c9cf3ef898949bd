import type { Command } from 'commander';
import { migrate } from '../../store/migrate.js';
import { openStore, redactUrl } from '../../store/open.js';
import { configPath, databaseUrl, readConfig } from '../../config/file.js';

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('apply pending database migrations (tocsin start does this too)')
    .addHelpText('after', '\nExamples:\n  tocsin migrate\n  TOCSIN_DATABASE_URL=postgres://tocsin@db/tocsin tocsin migrate')
    .action(async (_options, command: Command) => {
      const config = await readConfig(configPath(command.optsWithGlobals<{ config?: string }>().config));
      const url = databaseUrl(config);
      const store = await openStore(url);
      try {
        const applied = await migrate(store.db);
        const where = redactUrl(url);
        process.stdout.write(applied.length ? `applied to ${where}: ${applied.join(', ')}\n` : `${where} is up to date\n`);
      } finally {
        await store.close();
      }
    });
}

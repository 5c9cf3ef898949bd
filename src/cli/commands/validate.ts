import { plural } from '../../lib/plural.js';
import type { Command } from 'commander';
import { configPath, readConfig } from '../../config/file.js';

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('check the config file and list every problem with its line')
    .addHelpText('after', '\nExamples:\n  tocsin validate\n  tocsin -c /etc/tocsin/tocsin.yaml validate')
    .action(async (_options, command: Command) => {
      const file = configPath(command.optsWithGlobals<{ config?: string }>().config);
      const config = await readConfig(file);
      const parts = [
        plural(config.monitors.length, 'monitor'),
        plural(Object.keys(config.channels).length, 'channel'),
        plural(config.status_pages.length, 'status page'),
      ];
      process.stdout.write(`${file} is valid: ${parts.join(', ')}\n`);
    });
}

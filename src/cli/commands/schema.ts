import type { Command } from 'commander';
import { configJsonSchema } from '../../schema/json-schema.js';

export function registerSchema(program: Command): void {
  program
    .command('schema')
    .description('print the JSON Schema of tocsin.yaml, for editor completion and checking')
    .addHelpText(
      'after',
      `
Examples:
  tocsin schema > tocsin.schema.json
  # then, first line of tocsin.yaml (VS Code YAML extension and others):
  # yaml-language-server: $schema=./tocsin.schema.json`,
    )
    .action(() => {
      process.stdout.write(JSON.stringify(configJsonSchema(), null, 2) + '\n');
    });
}

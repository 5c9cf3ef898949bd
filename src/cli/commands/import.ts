/** `tocsin import <tool> …`: a tocsin.yaml from another monitor's setup, and a list of what it could not map. */
import { readFile, stat, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { draftYaml, type Draft } from '../../import/draft.js';
import { importGatus } from '../../import/gatus.js';
import { importHealthchecks } from '../../import/healthchecks.js';
import { settle } from '../../import/settle.js';
import { importKuma, kumaBackup, kumaDatabase } from '../../import/uptime-kuma.js';
import { TocsinError } from '../../lib/errors.js';

/** Backups and configs past this are not what these tools write; refuse rather than exhaust memory. */
const MAX_INPUT = 50_000_000;

export function registerImport(program: Command): void {
  const command = program.command('import').description('write a tocsin.yaml from Uptime Kuma, Gatus or Healthchecks, listing what could not be mapped');
  const output = (c: Command) =>
    c
      .option('-o, --output <file>', 'where to write the config ("-" for standard output)', 'tocsin.imported.yaml')
      .option('--force', 'overwrite the output file');
  output(command.command('uptime-kuma <file>').description('from a backup (JSON export) or its kuma.db SQLite database')).action(
    async (file: string, options: Options) => {
      const sqlite = await isSqlite(file);
      const input = sqlite ? '' : await readInput(file);
      await finish(
        attempt(() => importKuma(sqlite ? kumaDatabase(file) : kumaBackup(input)), sqlite ? 'an Uptime Kuma kuma.db' : 'an Uptime Kuma backup'),
        options,
      );
    },
  );
  output(command.command('gatus <config>').description("from Gatus' config.yaml")).action(async (file: string, options: Options) => {
    const input = await readInput(file);
    await finish(
      attempt(() => importGatus(input), 'a Gatus config'),
      options,
    );
  });
  output(
    command
      .command('healthchecks')
      .description('from a Healthchecks project through its API v3 (the key from Settings → API Access, read-write to see UUIDs)')
      .requiredOption('--url <url>', 'the Healthchecks site, e.g. https://healthchecks.io')
      .requiredOption('--api-key <key>', 'the project API key (or set HEALTHCHECKS_API_KEY and pass "env")'),
  ).action(async (options: Options & { url: string; apiKey: string }) => {
    const apiKey = options.apiKey === 'env' ? (process.env.HEALTHCHECKS_API_KEY ?? '') : options.apiKey;
    if (!/^https?:\/\//.test(options.url)) throw new TocsinError('invalid_input', '--url: expected an http:// or https:// URL such as https://healthchecks.io');
    await finish(await importHealthchecks({ url: options.url, apiKey }).catch(asInputError), options);
  });
}

interface Options {
  output: string;
  force?: boolean;
}

async function finish(raw: Draft, options: Options): Promise<void> {
  const draft = (() => {
    try {
      return settle(raw);
    } catch (error) {
      return asInputError(error);
    }
  })();
  const yaml = draftYaml(draft);
  if (options.output === '-') process.stdout.write(yaml);
  else {
    await writeFile(options.output, yaml, { mode: 0o600, flag: options.force ? 'w' : 'wx' }).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'EEXIST') throw new TocsinError('invalid_input', `${options.output} exists; pass --force to overwrite it or -o to write elsewhere`);
      throw error;
    });
  }
  const where = options.output === '-' ? 'standard output' : options.output;
  process.stderr.write(
    `imported ${draft.monitors.length} monitors, ${Object.keys(draft.channels).length} channels, ${draft.status_pages.length} status pages from ${draft.source} to ${where}\n`,
  );
  if (draft.skipped.length > 0) process.stderr.write(`not imported (${draft.skipped.length}):\n${draft.skipped.map((line) => `  - ${line}\n`).join('')}`);
}

async function readInput(file: string): Promise<string> {
  const info = await stat(file).catch(() => {
    throw new TocsinError('invalid_input', `${file}: no such file`);
  });
  if (info.size > MAX_INPUT) throw new TocsinError('invalid_input', `${file}: ${info.size} bytes is more than the ${MAX_INPUT} an import reads`);
  return readFile(file, 'utf8');
}

async function isSqlite(file: string): Promise<boolean> {
  const head = await readFile(file).then(
    (b) => b.subarray(0, 16).toString('latin1'),
    () => '',
  );
  return head.startsWith('SQLite format 3');
}

/** Parse errors of the source say what was expected; a stack trace would not help anyone. */
function attempt<T>(read: () => T, expected: string): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof TocsinError) throw error;
    throw new TocsinError('invalid_input', `not ${expected}: ${(error as Error).message.slice(0, 300)}`);
  }
}

function asInputError(error: unknown): never {
  if (error instanceof TocsinError) throw error;
  throw new TocsinError('invalid_input', (error as Error).message);
}

/**
 * Reads tocsin.yaml once for a sync: the validated config, and what the deletion guard must know of
 * the file itself (empty? which sections does it write?), taken from the same bytes so an editor
 * saving in between cannot make the two disagree.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { storeUrl } from '../config/file.js';
import { formatProblems, loadConfigText } from '../config/load.js';
import { readYaml } from '../config/yaml-source.js';
import { TocsinError } from '../lib/errors.js';
import type { Config } from '../schema/config.js';
import type { FileFacts } from '../store/deletion-guard.js';

const facts = new WeakMap<Config, FileFacts>();

/** What was recorded for a config read by readConfigFile; undefined for configs made in code. */
export function fileFactsOf(config: Config): FileFacts | undefined {
  return facts.get(config);
}

/** Like readConfig (cli/config-file.ts), remembering the file's facts beside the config it returns. */
export async function readConfigFile(file: string, env: NodeJS.ProcessEnv = process.env): Promise<Config> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : 'unknown error';
    throw new TocsinError(
      'config_invalid',
      `${file}: ${code === 'ENOENT' ? `file not found (looked for ${resolve(file)})` : `cannot read the file (${code})`}`,
    );
  }
  const loaded = loadConfigText(text, file, env);
  if (!loaded.ok) throw new TocsinError('config_invalid', formatProblems(loaded.problems));
  const config = { ...loaded.config, database: { ...loaded.config.database, url: storeUrl(loaded.config.database.url, file, env) } };
  facts.set(config, factsOfText(text));
  return config;
}

/** A section written as `channels:` with nothing after it is as good as lost. */
export function factsOfText(text: string): FileFacts {
  const data: unknown = readYaml(text).doc.toJS({ maxAliasCount: 1000 });
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return { empty: true, sections: new Set() };
  const sections = new Set(
    Object.entries(data)
      .filter(([, value]) => value !== null && value !== undefined)
      .map(([key]) => key),
  );
  return { empty: sections.size === 0, sections };
}

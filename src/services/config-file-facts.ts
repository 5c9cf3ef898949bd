/**
 * Reads tocsin.yaml once for a sync: the validated config, and what the deletion guard must know of
 * the file itself (empty? which sections does it write?), taken from the same bytes so an editor
 * saving in between cannot make the two disagree.
 */
import { storeUrl } from '../config/file.js';
import { formatProblems } from '../config/load.js';
import { readConfigOffThread } from '../config/read-off-thread.js';
import { TocsinError } from '../lib/errors.js';
import type { Config } from '../schema/config.js';
import type { FileFacts } from '../store/deletion-guard.js';

const facts = new WeakMap<Config, FileFacts>();

/** What was recorded for a config read by readConfigFile; undefined for configs made in code. */
export function fileFactsOf(config: Config): FileFacts | undefined {
  return facts.get(config);
}

/**
 * Like readConfig (config/file.ts), remembering the file's facts beside the config it returns. Read
 * off the event loop (config/read-off-thread.ts): a file of 100,000 monitors takes seconds to parse.
 */
export async function readConfigFile(file: string, env: NodeJS.ProcessEnv = process.env): Promise<Config> {
  const loaded = await readConfigOffThread(file, env);
  if (!loaded.ok) throw new TocsinError('config_invalid', formatProblems(loaded.problems));
  const config = { ...loaded.config, database: { ...loaded.config.database, url: storeUrl(loaded.config.database.url, file, env) } };
  facts.set(config, factsOfSections(loaded.sections));
  return config;
}

/** A section written as `channels:` with nothing after it is as good as lost: it counts as not written. */
function factsOfSections(sections: readonly string[]): FileFacts {
  return { empty: sections.length === 0, sections: new Set(sections) };
}

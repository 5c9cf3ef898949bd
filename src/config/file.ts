import { dirname, resolve } from 'node:path';
import { loadDatabaseSettings, formatProblems } from './load.js';
import { readConfigOffThread } from './read-off-thread.js';
import type { Config } from '../schema/config.js';
import { TocsinError } from '../lib/errors.js';
import { resolveStoreUrl } from '../lib/store-url.js';

export { configPath } from './path.js';

/** TOCSIN_DATABASE_URL overrides database.url; a relative SQLite path in it is relative to the current directory. */
export function databaseUrl(config: Config, env: NodeJS.ProcessEnv = process.env): string {
  return env.TOCSIN_DATABASE_URL ? resolveStoreUrl(env.TOCSIN_DATABASE_URL, process.cwd()) : config.database.url;
}

/**
 * The validated config, or a config_invalid error listing every problem. A relative SQLite path in
 * database.url comes back made absolute against the file's directory, so every command of this
 * config, run from anywhere, opens the same database.
 */
export async function readConfig(file: string, env: NodeJS.ProcessEnv = process.env): Promise<Config> {
  // Off the event loop: the supervisor reads it at every SIGHUP, beside the engine it watches.
  const loaded = await readConfigOffThread(file, env);
  if (!loaded.ok) throw new TocsinError('config_invalid', formatProblems(loaded.problems));
  const { config } = loaded;
  return { ...config, database: { ...config.database, url: storeUrl(config.database.url, file, env) } };
}

/**
 * Only where the store is, for commands that just read it: they need none of the file's secrets and
 * run even when the rest of the file does not validate (see loadDatabaseSettings).
 */
export async function readStoreUrl(file: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const loaded = await loadDatabaseSettings(file, env);
  if (!loaded.ok) throw new TocsinError('config_invalid', formatProblems(loaded.problems));
  return storeUrl(loaded.value.url, file, env);
}

export function storeUrl(url: string, file: string, env: NodeJS.ProcessEnv): string {
  return resolveStoreUrl(url, env.TOCSIN_DATABASE_URL ? process.cwd() : dirname(resolve(file)));
}

import { loadConfig, formatProblems } from '../config/load.js';
import type { Config } from '../schema/config.js';
import { TocsinError } from '../lib/errors.js';

/** -c/--config, else TOCSIN_CONFIG, else ./tocsin.yaml. */
export function configPath(option: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return option ?? env.TOCSIN_CONFIG ?? './tocsin.yaml';
}

/** TOCSIN_DATABASE_URL overrides database.url. */
export function databaseUrl(config: Config, env: NodeJS.ProcessEnv = process.env): string {
  return env.TOCSIN_DATABASE_URL || config.database.url;
}

/** The validated config, or a config_invalid error listing every problem. */
export async function readConfig(file: string, env: NodeJS.ProcessEnv = process.env): Promise<Config> {
  const loaded = await loadConfig(file, env);
  if (!loaded.ok) throw new TocsinError('config_invalid', formatProblems(loaded.problems));
  return loaded.config;
}

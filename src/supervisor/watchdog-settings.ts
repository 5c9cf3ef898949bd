/**
 * The little the supervisor keeps of tocsin.yaml: its watchdog settings and how many monitors it
 * runs. The file is read and validated by a short-lived child process that answers with just that,
 * so the supervisor loads no schema and never holds the whole config, which at 100,000 monitors is
 * over 100 MB of objects. A process rather than a worker thread: a thread's malloc arena outlives it,
 * and kept ~3.4 MiB of a 100-monitor supervisor's RSS for as long as tocsin ran. A broken file still
 * fails `tocsin start` before any engine starts.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { TocsinError } from '../lib/errors.js';
import type { WatchdogConfig } from '../schema/config.js';

export interface WatchdogSettings {
  watchdog: WatchdogConfig;
  monitors: number;
}

export type SettingsOutcome = { ok: true; settings: WatchdogSettings } | { ok: false; problems: string };

export interface SettingsRequest {
  file: string;
  env: Record<string, string | undefined>;
}

const readerEntry = fileURLToPath(new URL('./watchdog-settings-reader.js', import.meta.url));
/** Run from TypeScript sources (the tests), the reader's compiled entry does not exist: read in this process. */
const compiled = import.meta.url.endsWith('.js');

export async function readWatchdogSettings(file: string, env: NodeJS.ProcessEnv): Promise<WatchdogSettings> {
  const request: SettingsRequest = { file, env: { ...env } };
  const outcome = compiled ? await inChild(request) : await (await import('./watchdog-settings-reader.js')).summarize(request);
  if (!outcome.ok) throw new TocsinError('config_invalid', outcome.problems);
  return outcome.settings;
}

async function inChild(request: SettingsRequest): Promise<SettingsOutcome> {
  // No node flags of the supervisor's (a profiler, an inspector port) passed on; its errors reach the supervisor's stderr.
  const child = fork(readerEntry, [], { execArgv: [], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  try {
    return await new Promise<SettingsOutcome>((resolve, reject) => {
      child.once('message', (outcome) => resolve(outcome as SettingsOutcome));
      child.once('error', reject);
      child.once('exit', (code, signal) => reject(new Error(`the config reader stopped (${signal ?? `exit code ${code}`}) before it answered`)));
      child.send(request);
    });
  } finally {
    child.kill();
  }
}

/**
 * The little the supervisor keeps of tocsin.yaml: its watchdog settings and how many monitors it
 * runs. The file is read and validated on a worker thread that answers with just that, so the
 * supervisor loads no schema and never holds the whole config, which at 100,000 monitors is over
 * 100 MB of objects. A broken file still fails `tocsin start` before any engine starts.
 */
import { Worker } from 'node:worker_threads';
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

const workerEntry = new URL('./watchdog-settings-worker.js', import.meta.url);
/** Run from TypeScript sources (the tests), the worker's compiled entry does not exist: read in this thread. */
const compiled = import.meta.url.endsWith('.js');

export async function readWatchdogSettings(file: string, env: NodeJS.ProcessEnv): Promise<WatchdogSettings> {
  const request: SettingsRequest = { file, env: { ...env } };
  const outcome = compiled ? await inWorker(request) : await (await import('./watchdog-settings-worker.js')).summarize(request);
  if (!outcome.ok) throw new TocsinError('config_invalid', outcome.problems);
  return outcome.settings;
}

async function inWorker(request: SettingsRequest): Promise<SettingsOutcome> {
  const worker = new Worker(workerEntry, { workerData: request });
  try {
    return await new Promise<SettingsOutcome>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the config reader stopped (exit code ${code}) before it answered`)));
    });
  } finally {
    void worker.terminate();
  }
}

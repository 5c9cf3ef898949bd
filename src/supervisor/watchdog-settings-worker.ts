/** The worker side of readWatchdogSettings: the whole file read and validated, the summary posted back. */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { formatProblems, loadConfig } from '../config/load.js';
import type { SettingsOutcome, SettingsRequest } from './watchdog-settings.js';

export async function summarize({ file, env }: SettingsRequest): Promise<SettingsOutcome> {
  const loaded = await loadConfig(file, env);
  if (!loaded.ok) return { ok: false, problems: formatProblems(loaded.problems) };
  const { watchdog, monitors } = loaded.config;
  return { ok: true, settings: { watchdog, monitors: monitors.filter((m) => !m.paused).length } };
}

if (!isMainThread) parentPort?.postMessage(await summarize(workerData as SettingsRequest));

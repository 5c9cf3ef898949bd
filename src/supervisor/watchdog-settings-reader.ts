/** The child process of readWatchdogSettings: the whole file read and validated, the summary sent back. */
import { fileURLToPath } from 'node:url';
import { formatProblems, loadConfig } from '../config/load.js';
import type { SettingsOutcome, SettingsRequest } from './watchdog-settings.js';

export async function summarize({ file, env }: SettingsRequest): Promise<SettingsOutcome> {
  const loaded = await loadConfig(file, env);
  if (!loaded.ok) return { ok: false, problems: formatProblems(loaded.problems) };
  const { watchdog, monitors } = loaded.config;
  return { ok: true, settings: { watchdog, monitors: monitors.filter((m) => !m.paused).length } };
}

// Only when forked as the reader: imported (the tests, from sources), it does nothing by itself.
if (process.send && process.argv[1] === fileURLToPath(import.meta.url)) {
  process.once('message', (request) => {
    void summarize(request as SettingsRequest).then((outcome) => process.send!(outcome, () => process.disconnect()));
  });
}

import { homedir, tmpdir } from 'node:os';
import { basename } from 'node:path';
import type { Check } from '../types.js';
import { judgeExec } from './judge.js';
import { runProcess } from './process.js';
import type { ExecSettings } from './schema.js';

const PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/**
 * The plugin's whole environment. Nothing of tocsin's own environment leaks in
 * (database URLs, tokens); LANG/LC_ALL=C keep decimal points in perfdata as dots.
 */
export function pluginEnv(extra: Record<string, string>, home = process.env.HOME ?? homedir()): Record<string, string> {
  return { PATH, LANG: 'C', LC_ALL: 'C', HOME: home, ...extra };
}

/** Runs a Nagios-compatible plugin; its exit code decides the status, its perfdata become metrics. */
export const execCheck: Check<ExecSettings> = {
  type: 'exec',
  async run(settings, ctx) {
    const program = settings.command[0] ?? '';
    ctx.phases.enter('process', basename(program));
    const outcome = await runProcess({
      command: settings.command,
      env: pluginEnv(settings.env),
      cwd: settings.cwd ?? tmpdir(),
      signal: ctx.signal,
    });
    const timings = ctx.phases.finish();
    return { ...judgeExec(program, outcome), latencyMs: timings.total ?? 0, timings };
  },
};

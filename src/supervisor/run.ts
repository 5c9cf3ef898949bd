/** `tocsin start`: the supervisor process, wired to signals and to the engine entry in dist/. */
import { fileURLToPath } from 'node:url';
import { systemClock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import { memoryLimit } from '../core/watchdog.js';
import type { WatchdogConfig } from '../schema/config.js';
import { compilersOnceLarge, compilersSetByHand } from '../engine/compilers.js';
import { forkEngine } from './child.js';
import { Supervisor } from './supervisor.js';
import { readWatchdogSettings } from './watchdog-settings.js';

export interface SuperviseOptions {
  configPath: string;
  listen?: string;
  env: NodeJS.ProcessEnv;
  logger: Logger;
}

/** Resolves with the exit code once the engine is stopped for good. */
export async function runSupervisor(options: SuperviseOptions): Promise<number> {
  const { logger, env, configPath } = options;
  // Read once here so a broken config fails fast, before any engine starts.
  const read = await readWatchdogSettings(configPath, env);
  let watchdog: WatchdogConfig = read.watchdog;
  // The engine reports what it schedules; after a SIGHUP adding many monitors the file says so first.
  let configuredMonitors = read.monitors;
  // Turned off as tocsin start began (src/cli/main.ts) unless given by hand: on again for a large install.
  const grown = compilersSetByHand(process.execArgv) ? undefined : compilersOnceLarge();
  grown?.(configuredMonitors);
  const entry = fileURLToPath(new URL('./engine-entry.js', import.meta.url));
  const args = ['--config', configPath, ...(options.listen ? ['--listen', options.listen] : [])];
  const supervisor = new Supervisor({
    spawn: forkEngine(entry, args),
    env,
    logger: logger.child({ component: 'supervisor' }),
    clock: systemClock,
    watchdog: () => ({ stallAfter: watchdog.stall_after, maxRss: watchdog.max_rss, configuredMonitors }),
    ...(grown && { onScheduled: grown }),
  });
  const stop = (signal: string) => {
    logger.info(`${signal} received; stopping the engine`);
    void supervisor.stop();
  };
  const onTerm = () => stop('SIGTERM');
  const onInt = () => stop('SIGINT');
  const onHup = () => {
    // The engine reloads once the supervisor knows the new monitor count: an engine growing into
    // 100,000 new monitors while the limit still counted the old ones was restarted for its memory.
    readWatchdogSettings(configPath, env)
      .then(
        (settings) => {
          watchdog = settings.watchdog;
          configuredMonitors = settings.monitors;
          grown?.(configuredMonitors);
        },
        () => logger.warn('watchdog settings not reloaded: the config does not validate; the engine reports the problems'),
      )
      .finally(() => supervisor.reload(configuredMonitors));
  };
  process.on('SIGTERM', onTerm);
  process.on('SIGINT', onInt);
  process.on('SIGHUP', onHup);
  supervisor.start();
  const limit = memoryLimit(watchdog.max_rss, configuredMonitors);
  logger.info(
    { pid: process.pid, stall_after: watchdog.stall_after, max_rss: watchdog.max_rss, memory_limit: limit.bytes },
    `supervisor started the engine; it is restarted past ${limit.text}${watchdog.max_rss === undefined ? ', recomputed as monitors are added' : ''}`,
  );
  const code = await supervisor.done;
  process.off('SIGTERM', onTerm);
  process.off('SIGINT', onInt);
  process.off('SIGHUP', onHup);
  return code;
}

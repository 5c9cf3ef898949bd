/**
 * Runs the engine until a signal: SIGHUP reloads the config, SIGTERM/SIGINT
 * stop after writing results in flight. Supervised, the engine also stops when
 * its supervisor disappears (the IPC channel closes), so a SIGKILLed
 * supervisor never leaves an orphan engine checking and paging on its own.
 */
import { TocsinError, exitCodeOf } from '../lib/errors.js';
import { runEngine, type EngineOptions } from './engine-runtime.js';

/** Past this, a stop that hangs (a stuck database) gives way to exit. */
const STOP_LIMIT = 15_000;

export async function serveEngine(options: EngineOptions): Promise<void> {
  const { logger } = options;
  let engine;
  try {
    engine = await runEngine(options);
  } catch (error) {
    process.stderr.write(`tocsin: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(error instanceof TocsinError ? exitCodeOf(error.code) : 1);
  }
  const running = engine;
  process.on('SIGHUP', () => void running.tocsin.reload());
  let stopping = false;
  const stop = (why: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${why}; stopping the engine`);
    setTimeout(() => {
      logger.error(`the engine did not stop within ${STOP_LIMIT / 1000} s; exiting anyway`);
      process.exit(1);
    }, STOP_LIMIT).unref();
    void running.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: String(error) }, 'stopping the engine failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM received'));
  process.on('SIGINT', () => stop('SIGINT received'));
  if (options.send) process.on('disconnect', () => stop('the supervisor is gone'));
}

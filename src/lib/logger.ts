import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * JSON lines when stdout is not a terminal (journald, Docker, files); pretty
 * text for a person at a terminal. Level from TOCSIN_LOG_LEVEL, default info.
 */
export function createLogger(options: { level?: string; pretty?: boolean } = {}): Logger {
  const level = options.level ?? process.env.TOCSIN_LOG_LEVEL ?? 'info';
  const pretty = options.pretty ?? Boolean(process.stdout.isTTY);
  if (!pretty) return pino({ level, base: { name: 'tocsin' } });
  return pino({
    level,
    base: undefined,
    transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' } },
  });
}

/** A logger that drops everything, for tests and one-shot CLI commands. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

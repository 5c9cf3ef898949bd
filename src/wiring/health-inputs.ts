import { isPolled } from '../checks/registry.js';
import type { HealthInputs } from '../core/health.js';
import type { Engine } from '../engine/engine.js';
import type { ResultWriter } from '../engine/result-writer.js';
import type { Config, MonitorConfig } from '../schema/config.js';
import type { Alerting } from '../services/alerting.js';

/** The figures /healthz judges, gathered from the engine, the writer and alerting. */
export function healthInputs(
  engine: Engine<MonitorConfig>,
  writer: ResultWriter,
  alerting: Pick<Alerting, 'failures'>,
  config: Config,
  startedAt: number,
  now: number,
): HealthInputs {
  const stats = engine.stats();
  const writes = writer.stats();
  return {
    now,
    startedAt,
    scheduled: stats.scheduled,
    resultEvery: shortestResultEvery(config.monitors),
    lastResultAt: stats.lastResultAt,
    lagP99: stats.lag.p99,
    lastWriteOkAt: writes.lastWriteOkAt,
    lastWriteError: writes.lastWriteError,
    pendingWrites: writes.pending,
    stallAfter: config.watchdog.stall_after,
    alerting: alerting.failures(),
  };
}

const shortest = new WeakMap<readonly MonitorConfig[], number>();

/** The shortest interval + timeout of the polled, unpaused monitors; once per config, not per /healthz (a spread of 100,000 arguments also overflows the stack). */
function shortestResultEvery(monitors: readonly MonitorConfig[]): number {
  let value = shortest.get(monitors);
  if (value !== undefined) return value;
  value = Infinity;
  for (const m of monitors) if (isPolled(m) && !m.paused) value = Math.min(value, m.interval + m.timeout);
  value = Number.isFinite(value) ? value : 0;
  shortest.set(monitors, value);
  return value;
}

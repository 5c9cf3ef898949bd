import { isPolled } from '../checks/registry.js';
import type { HealthInputs } from '../core/health.js';
import type { Engine } from '../engine/engine.js';
import type { ResultWriter } from '../engine/result-writer.js';
import type { Config, MonitorConfig } from '../schema/config.js';
import type { Alerting } from '../services/alerting.js';

/** The figures /healthz judges, gathered from the engine, the writer and alerting. */
export function healthInputs(engine: Engine<MonitorConfig>, writer: ResultWriter, alerting: Pick<Alerting, 'failures'>, config: Config, startedAt: number, now: number): HealthInputs {
  const stats = engine.stats();
  const writes = writer.stats();
  const polled = config.monitors.filter((m) => isPolled(m) && !m.paused);
  return {
    now,
    startedAt,
    scheduled: stats.scheduled,
    resultEvery: polled.length ? Math.min(...polled.map((m) => m.interval + m.timeout)) : 0,
    lastResultAt: stats.lastResultAt,
    lagP99: stats.lag.p99,
    lastWriteOkAt: writes.lastWriteOkAt,
    lastWriteError: writes.lastWriteError,
    pendingWrites: writes.pending,
    stallAfter: config.watchdog.stall_after,
    alerting: alerting.failures(),
  };
}

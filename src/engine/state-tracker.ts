import type { StateRow } from '../store/state.js';
import type { Logger } from '../lib/logger.js';
import type { RecordedResult } from './engine.js';

/** A monitor's current state as the store keeps it (less the write time). */
export type MonitorStatus = Omit<StateRow, 'updatedAt'>;

/**
 * The current status of every monitor, from its latest result. Logs one line
 * per change (the operator's audit trail) and hands states to the store.
 */
export class StateTracker {
  private readonly states = new Map<string, MonitorStatus>();

  constructor(private readonly logger: Logger) {}

  /** Start from what the store remembers, so a restart logs no false changes. */
  seed(states: Iterable<MonitorStatus>): void {
    for (const state of states) this.states.set(state.monitorId, state);
  }

  apply({ monitorId, at, result }: RecordedResult): MonitorStatus {
    const before = this.states.get(monitorId);
    const changed = before?.status !== result.status;
    const state: MonitorStatus = {
      monitorId,
      status: result.status,
      since: changed ? at : before.since,
      lastAt: at,
      lastStatus: result.status,
      lastMessage: result.message,
      lastLatencyMs: result.latencyMs,
    };
    this.states.set(monitorId, state);
    if (changed) {
      const level = result.status === 'up' ? 'info' : result.status === 'degraded' ? 'warn' : 'error';
      this.logger[level]({ monitor: monitorId, from: before?.status ?? 'pending', to: result.status }, `${monitorId} is ${result.status}: ${result.message}`);
    }
    return state;
  }

  get(monitorId: string): MonitorStatus | undefined {
    return this.states.get(monitorId);
  }

  forget(keep: ReadonlySet<string>): void {
    for (const id of this.states.keys()) if (!keep.has(id)) this.states.delete(id);
  }
}

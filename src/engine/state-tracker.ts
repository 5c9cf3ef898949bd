import type { Status } from '../core/types.js';
import type { StateRow } from '../store/state.js';
import type { Logger } from '../lib/logger.js';
import type { RecordedResult } from './engine.js';

/** A monitor's current state as the store keeps it (less the write time). */
export type MonitorStatus = Omit<StateRow, 'updatedAt'>;

export interface Confirmed {
  status: Status;
  /** Null until the alert state machine has seen its first change. */
  since: number | null;
  message: string;
}

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

  /**
   * `confirmed` is what the alert state machine decided (the status a person is told, since when,
   * and the message it shows, e.g. "blocked by db: …"); without it the raw result stands alone.
   */
  apply({ monitorId, at, result }: RecordedResult, confirmed?: Confirmed): MonitorStatus {
    const before = this.states.get(monitorId);
    const status = confirmed?.status ?? result.status;
    const changed = before?.status !== status;
    const message = confirmed?.message || result.message;
    const state: MonitorStatus = {
      monitorId,
      status,
      since: confirmed?.since ?? (changed ? at : before.since),
      lastAt: at,
      lastStatus: result.status,
      lastMessage: message,
      lastLatencyMs: result.latencyMs,
    };
    this.states.set(monitorId, state);
    if (changed) {
      const level = status === 'up' ? 'info' : status === 'degraded' ? 'warn' : 'error';
      this.logger[level]({ monitor: monitorId, from: before?.status ?? 'pending', to: status }, `${monitorId} is ${status}: ${message}`);
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

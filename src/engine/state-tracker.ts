import { confirmingText, type Confirming } from '../core/alert/index.js';
import type { ConfirmedStatus } from '../core/types.js';
import type { StateRow } from '../store/state.js';
import type { Logger } from '../lib/logger.js';
import type { RecordedResult } from './engine.js';

/** A monitor's current state as the store keeps it (less the write time). */
export type MonitorStatus = Omit<StateRow, 'updatedAt'>;

export interface Confirmed {
  status: ConfirmedStatus;
  /** Null while pending. */
  since: number | null;
  message: string;
  confirming: Confirming | null;
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
      confirming: confirmed?.confirming ?? null,
    };
    this.states.set(monitorId, state);
    if (changed) {
      // A pending monitor's first failure is worth a warning: it names what is wrong before anyone is paged.
      const level = status === 'down' ? 'error' : status === 'up' || (status === 'pending' && result.status === 'up') ? 'info' : 'warn';
      const marker = state.confirming ? ` (${confirmingText(state.confirming)})` : '';
      this.logger[level]({ monitor: monitorId, from: before?.status ?? 'new', to: status }, `${monitorId} is ${status}${marker}: ${message}`);
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

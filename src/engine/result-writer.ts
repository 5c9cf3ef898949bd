import type { Logger } from '../lib/logger.js';
import type { AppliedAck, StoredAlertState } from '../store/alert-state.js';
import type { OutboxInsert } from '../store/outbox.js';
import type { AuditEntry } from '../services/audit.js';
import type { StoreSignals } from './delivery-last-resort.js';
import type { RecordedResult } from './engine.js';
import type { MonitorStatus } from './state-tracker.js';

export interface WriterStats {
  pending: number;
  lastWriteOkAt: number | undefined;
  lastWriteError: string | undefined;
  lastWriteMs: number;
  dropped: number;
}

/** What the alert state machine changed: written with the results, in the same transaction. */
export interface AlertWrite {
  alert?: StoredAlertState;
  notifications?: OutboxInsert[];
  acks?: AppliedAck[];
  /** Audit entries of the people behind the change (an acknowledgement). */
  audit?: AuditEntry[];
}

export interface WriteBatch {
  results: RecordedResult[];
  states: MonitorStatus[];
  alerts: StoredAlertState[];
  notifications: OutboxInsert[];
  acks: AppliedAck[];
  audit: AuditEntry[];
}

export type PersistBatch = (batch: WriteBatch) => Promise<void>;

export interface WriterOptions {
  flushEvery: number;
  maxBatch: number;
  maxPending: number;
  /** After a batch with notifications is committed: wakes the delivery worker. */
  onNotified?: () => void;
  /** Told whether each write worked: a store that keeps refusing pages people from memory. */
  store?: StoreSignals;
}

/** A result that changed no alert state. */
export const NO_CHANGE: AlertWrite = Object.freeze({});

/**
 * Batches results, the states they produce, alert states and the notifications they cause into one
 * transaction every `flushEvery` ms (or sooner when `maxBatch` accumulate): thousands of checks a
 * second cost a few transactions, not thousands. Notifications flush at once: a page must not wait
 * for the batch timer. A failed write keeps everything and retries; past `maxPending` the oldest
 * results are dropped and counted (never notifications), so a dead disk cannot exhaust memory — and
 * /healthz says so, and the last resort (delivery-last-resort.ts) pages people from what is held.
 */
export class ResultWriter {
  private pending = emptyBatch();
  private readonly states = new Map<string, MonitorStatus>();
  private readonly alerts = new Map<string, StoredAlertState>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  /** The batch being written, still held until the write commits. */
  private writing: WriteBatch | undefined;
  private urgent = false;
  private stats_: WriterStats = { pending: 0, lastWriteOkAt: undefined, lastWriteError: undefined, lastWriteMs: 0, dropped: 0 };
  private readonly options: WriterOptions;

  constructor(
    private readonly persist: PersistBatch,
    private readonly logger: Logger,
    options: Partial<WriterOptions> = {},
  ) {
    this.options = { flushEvery: 250, maxBatch: 2000, maxPending: 200_000, ...options };
  }

  /** Without `state`, the result is stored and the monitor's state left as it is (a cluster: another instance holds it). */
  add(result: RecordedResult, state?: MonitorStatus, alert: AlertWrite = NO_CHANGE): void {
    this.pending.results.push(result);
    if (state) this.states.set(state.monitorId, state);
    this.addAlert(alert);
    if (this.pending.results.length > this.options.maxPending) {
      const excess = this.pending.results.length - this.options.maxPending;
      this.pending.results.splice(0, excess);
      this.stats_.dropped += excess;
    }
    if (this.pending.results.length >= this.options.maxBatch) void this.flush();
  }

  /** A change without a result: a tick's escalation, an acknowledgement, a maintenance window ending. */
  addAlert({ alert, notifications, acks, audit }: AlertWrite): void {
    // Most results change nothing here: no empty lists made and spread for them (this runs per check).
    if (alert) this.alerts.set(alert.monitorId, alert);
    if (notifications) for (const n of notifications) this.pending.notifications.push(n);
    if (acks) for (const a of acks) this.pending.acks.push(a);
    if (audit) for (const a of audit) this.pending.audit.push(a);
    if ((notifications?.length ?? 0) > 0 || (acks?.length ?? 0) > 0) this.flushSoon();
  }

  start(): void {
    this.timer = setInterval(() => void this.flush(), this.options.flushEvery);
    this.timer.unref();
  }

  /** Stops the timer and writes what is pending (once; errors are logged). */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  /** Notifications held in memory, written or not yet: what the last-resort notice lists. */
  held(): readonly OutboxInsert[] {
    return [...(this.writing?.notifications ?? []), ...this.pending.notifications];
  }

  stats(): WriterStats {
    return { ...this.stats_, pending: this.pending.results.length + this.pending.notifications.length };
  }

  /** Resolves once everything added before the call is written (or the write failed). */
  async flush(): Promise<void> {
    if (this.flushing) {
      this.urgent = true;
      await this.flushing;
    }
    this.flushing ??= this.write().finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  private flushSoon(): void {
    if (this.flushing) this.urgent = true;
    else setImmediate(() => void this.flush());
  }

  private take(): WriteBatch {
    const batch = { ...this.pending, states: [...this.states.values()], alerts: [...this.alerts.values()] };
    this.pending = emptyBatch();
    this.states.clear();
    this.alerts.clear();
    return batch;
  }

  private async write(): Promise<void> {
    this.urgent = false;
    const batch = this.take();
    if (isEmpty(batch)) return;
    const started = performance.now();
    this.writing = batch;
    try {
      await this.persist(batch);
      this.stats_.lastWriteOkAt = Date.now();
      this.stats_.lastWriteMs = performance.now() - started;
      if (this.stats_.lastWriteError) this.logger.info('writing results works again');
      this.stats_.lastWriteError = undefined;
      this.options.store?.ok('results');
      if (batch.notifications.length > 0) this.options.onNotified?.();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (this.stats_.lastWriteError !== message) this.logger.error({ err: message }, `writing ${batch.results.length} results failed: ${message}`);
      this.stats_.lastWriteError = message;
      this.putBack(batch);
      this.options.store?.failed('results', message);
      return;
    } finally {
      this.writing = undefined;
    }
    // Something urgent arrived while this batch was being written: it goes now, not at the next tick.
    if (this.urgent) setImmediate(() => void this.flush());
  }

  /** A failed batch goes back in front of what arrived meanwhile; newer states win. */
  private putBack(batch: WriteBatch): void {
    const later = this.pending;
    this.pending = {
      ...emptyBatch(),
      results: batch.results.concat(later.results),
      notifications: batch.notifications.concat(later.notifications),
      acks: batch.acks.concat(later.acks),
      audit: batch.audit.concat(later.audit),
    };
    for (const state of batch.states) if (!this.states.has(state.monitorId)) this.states.set(state.monitorId, state);
    for (const alert of batch.alerts) if (!this.alerts.has(alert.monitorId)) this.alerts.set(alert.monitorId, alert);
  }
}

function emptyBatch(): WriteBatch {
  return { results: [], states: [], alerts: [], notifications: [], acks: [], audit: [] };
}

function isEmpty(batch: WriteBatch): boolean {
  return batch.results.length + batch.states.length + batch.alerts.length + batch.notifications.length + batch.acks.length + batch.audit.length === 0;
}

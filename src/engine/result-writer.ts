import type { Logger } from '../lib/logger.js';
import type { RecordedResult } from './engine.js';
import type { MonitorStatus } from './state-tracker.js';

export interface WriterStats {
  pending: number;
  lastWriteOkAt: number | undefined;
  lastWriteError: string | undefined;
  lastWriteMs: number;
  dropped: number;
}

export type PersistBatch = (results: RecordedResult[], states: MonitorStatus[]) => Promise<void>;

/**
 * Batches results and the states they produce into one transaction every
 * `flushEvery` ms (or sooner when `maxBatch` accumulate): thousands of checks
 * a second cost a few transactions, not thousands. A failed write keeps the
 * batch and retries; past `maxPending` the oldest results are dropped and
 * counted, so a dead disk cannot exhaust memory — and /healthz says so.
 */
export class ResultWriter {
  private results: RecordedResult[] = [];
  private readonly states = new Map<string, MonitorStatus>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private stats_: WriterStats = { pending: 0, lastWriteOkAt: undefined, lastWriteError: undefined, lastWriteMs: 0, dropped: 0 };

  constructor(
    private readonly persist: PersistBatch,
    private readonly logger: Logger,
    private readonly options: { flushEvery: number; maxBatch: number; maxPending: number } = { flushEvery: 250, maxBatch: 2000, maxPending: 200_000 },
  ) {}

  add(result: RecordedResult, state: MonitorStatus): void {
    this.results.push(result);
    this.states.set(state.monitorId, state);
    if (this.results.length > this.options.maxPending) {
      const excess = this.results.length - this.options.maxPending;
      this.results.splice(0, excess);
      this.stats_.dropped += excess;
    }
    if (this.results.length >= this.options.maxBatch) void this.flush();
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

  stats(): WriterStats {
    return { ...this.stats_, pending: this.results.length };
  }

  flush(): Promise<void> {
    this.flushing ??= this.write().finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  private async write(): Promise<void> {
    if (this.results.length === 0 && this.states.size === 0) return;
    const results = this.results;
    const states = [...this.states.values()];
    this.results = [];
    this.states.clear();
    const started = performance.now();
    try {
      await this.persist(results, states);
      this.stats_.lastWriteOkAt = Date.now();
      this.stats_.lastWriteMs = performance.now() - started;
      if (this.stats_.lastWriteError) this.logger.info('writing results works again');
      this.stats_.lastWriteError = undefined;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (this.stats_.lastWriteError !== message) this.logger.error({ err: message }, `writing ${results.length} results failed: ${message}`);
      this.stats_.lastWriteError = message;
      this.results = results.concat(this.results);
      for (const state of states) if (!this.states.has(state.monitorId)) this.states.set(state.monitorId, state);
    }
  }
}

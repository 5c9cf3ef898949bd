/**
 * The delivery worker: claims due outbox rows per channel, sends them (a digest when a rate-limited
 * channel has several due at once), and records the outcome. A channel that keeps failing is
 * probed rather than retried row by row, and gets everything kept for it once it answers again.
 * Woken by a nudge when rows are written, and by a poll as a fallback, so a crash, a restart or
 * another instance's rows are picked up too. Several workers may share one store: claims are
 * conditional UPDATEs with a lease.
 */
import type { ChannelConfig } from '../channels/types.js';
import type { OutboxRow } from '../store/outbox.js';
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import type { Db } from '../store/schema.js';
import { defaultRetryPolicy, type RetryPolicy } from './backoff.js';
import { ChannelWatch, type WatchSnapshot } from './channel-watch.js';
import { attemptDelivery, type AttemptCounters, type ChannelMemory, type SendNotification } from './delivery-attempt.js';
import { defaultCircuitPolicy, type CircuitPolicy } from './delivery-circuit.js';
import type { StoreSignals } from './delivery-last-resort.js';
import { Lanes } from './lanes.js';
import { timersOf, type Timers } from './timers.js';

export type { SendNotification } from './delivery-attempt.js';

export interface DeliveryOptions {
  /** Deadline of one attempt, everything included. */
  attemptTimeoutMs: number;
  /** How long a claim keeps other workers off a row: must outlast the queue of a batch; derived when not set. */
  leaseMs: number;
  /** Fallback poll, for rows whose retry time came and rows other instances wrote. */
  pollMs: number;
  /** Attempts in flight at once per channel without a rate limit. */
  concurrency: number;
  /** Rows claimed at once per channel without a rate limit, then sent `concurrency` at a time. */
  claimBatch: number;
  /** Most notifications one digest stands for. */
  digestMax: number;
  retry: RetryPolicy;
  /** When a failing channel stops getting attempts but a probe, and how often it is probed. */
  circuit: CircuitPolicy;
  /** A channel failing this long is reported on the fallback channels and makes /healthz unhealthy. */
  failingAfterMs: number;
  deadReportEveryMs: number;
  /** How often the channel watch (reports, /healthz figures) runs. */
  watchEveryMs: number;
  random: () => number;
}

export const defaultDeliveryOptions: DeliveryOptions = {
  attemptTimeoutMs: 10_000,
  leaseMs: 60_000,
  pollMs: 500,
  concurrency: 8,
  claimBatch: 32,
  digestMax: 2_000,
  retry: defaultRetryPolicy,
  circuit: defaultCircuitPolicy,
  failingAfterMs: 10 * 60_000,
  deadReportEveryMs: 60_000,
  watchEveryMs: 1_000,
  random: Math.random,
};

export interface DeliveryDeps {
  db: Db;
  /** Timers too (engine/timers.ts) when given: the poll and rate-limit wake-ups use them. */
  clock: Clock | Timers;
  logger: Logger;
  channels: () => Record<string, ChannelConfig>;
  /** Channels told when another channel keeps failing (escalations.fallback). */
  fallback: () => string[];
  send: SendNotification;
  /** Told whether the outbox takes writes: a store that keeps refusing pages people from memory. */
  store?: StoreSignals;
  options?: Partial<DeliveryOptions>;
}

export interface DeliveryStats extends WatchSnapshot, AttemptCounters {
  failingAfterMs: number;
  lastError: string | undefined;
}

export class DeliveryWorker {
  readonly options: DeliveryOptions;
  private readonly watch: ChannelWatch;
  private readonly lanes: Lanes;
  private readonly memory: ChannelMemory = { okRecordedAt: new Map() };
  private readonly counters: AttemptCounters = { delivered: 0, failedAttempts: 0, digests: 0 };
  private readonly timers: Timers;
  private stopPoll: (() => void) | undefined;
  private wake: (() => void) | undefined;
  private ticking: Promise<void> | undefined;
  private again = false;
  private stopped = true;
  private lastWatchAt = Number.NEGATIVE_INFINITY;
  private lastError: string | undefined;

  constructor(private readonly deps: DeliveryDeps) {
    this.timers = timersOf(deps.clock);
    const merged = { ...defaultDeliveryOptions, ...deps.options };
    // A queued row waits for claimBatch / concurrency attempts before its own: the lease covers them all.
    const queued = Math.ceil(merged.claimBatch / merged.concurrency) + 1;
    this.options = { ...merged, leaseMs: deps.options?.leaseMs ?? Math.max(defaultDeliveryOptions.leaseMs, merged.attemptTimeoutMs * queued + 10_000) };
    this.watch = new ChannelWatch(deps, this.options);
    const attempt = (channel: string, config: ChannelConfig, rows: OutboxRow[]) =>
      attemptDelivery({ ...this.deps, options: this.options, counters: this.counters, memory: this.memory }, channel, config, rows).catch((error: unknown) => {
        // The outcome could not be recorded (the store is down): the lease runs out and a later pass retries.
        const message = error instanceof Error ? error.message : String(error);
        this.deps.logger.error(`recording a delivery to ${channel} failed: ${message}`);
        this.deps.store?.failed('outbox', message);
        return undefined;
      });
    this.lanes = new Lanes(
      deps.db,
      this.options,
      attempt,
      () => this.nudge(),
      () => deps.clock.now(),
      (rows) => {
        for (const row of rows) deps.logger.error(`outbox: gave up a notification for ${row.monitorId} on ${row.channel}: ${row.problem}`);
      },
    );
  }

  start(): void {
    this.stopped = false;
    const poll = () => {
      this.stopPoll = this.timers.after(this.options.pollMs, () => {
        if (this.stopped) return;
        poll();
        void this.tick();
      });
    };
    poll();
    this.nudge();
  }

  /** Waits for attempts in flight (each bounded by its deadline); their outcomes are recorded. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.stopPoll?.();
    this.wake?.();
    this.wake = undefined;
    await this.ticking;
    await this.lanes.release(this.deps.clock.now()).catch(() => undefined);
    await Promise.allSettled(this.lanes.inFlight());
  }

  /** New rows were written: look now rather than at the next poll. */
  nudge(): void {
    if (!this.stopped) void this.tick();
  }

  /** One pass (or a second one when nudged meanwhile). Tests call it directly. */
  tick(): Promise<void> {
    if (this.ticking) {
      this.again = true;
      return this.ticking;
    }
    this.ticking = this.passes().finally(() => (this.ticking = undefined));
    return this.ticking;
  }

  /** Resolves when nothing is in flight: tests wait for it. */
  async idle(): Promise<void> {
    while (this.ticking || this.lanes.inFlight().length > 0) await Promise.allSettled([this.ticking, ...this.lanes.inFlight()]);
  }

  stats(): DeliveryStats {
    return { ...this.watch.snapshot(), ...this.counters, failingAfterMs: this.options.failingAfterMs, lastError: this.lastError };
  }

  private async passes(): Promise<void> {
    do {
      this.again = false;
      try {
        await this.pass();
        if (this.lastError) this.deps.logger.info('the outbox is readable again');
        this.lastError = undefined;
        this.deps.store?.ok('outbox');
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (message !== this.lastError) this.deps.logger.error(`delivering notifications failed: ${message}; retrying`);
        this.lastError = message;
        this.deps.store?.failed('outbox', message);
      }
    } while (this.again && !this.stopped);
  }

  private async pass(): Promise<void> {
    const now = this.deps.clock.now();
    if (now - this.lastWatchAt >= this.options.watchEveryMs) {
      this.lastWatchAt = now;
      await this.watch.run(now);
    }
    for (const [id, config] of Object.entries(this.deps.channels())) {
      const slot = await this.lanes.dispatch(id, config, now);
      if (slot !== undefined) this.wakeAt(slot - now);
    }
  }

  /** A rate-limited channel's next slot: sooner than the poll, so Slack gets one digest a second, not one every 1.5 s. */
  private wakeAt(delayMs: number): void {
    if (this.stopped || this.wake) return;
    this.wake = this.timers.after(delayMs, () => {
      this.wake = undefined;
      this.nudge();
    });
  }
}

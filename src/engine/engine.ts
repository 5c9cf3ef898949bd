import type { CheckResult } from '../core/types.js';
import type { CheckContext } from '../checks/types.js';
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import { BucketCounts, SampleWindow } from '../lib/percentiles.js';
import { runWithDeadline } from './deadline.js';
import type { RunningChecks } from './heartbeat-ipc.js';
import { RunQueue } from './run-queue.js';
import { Scheduler } from './scheduler.js';
import { TargetRate } from './target-rate.js';
import { timersOf, type Timers } from './timers.js';

/** What the engine needs to know about a monitor; the full config travels along. */

/** Bounds of the lag histogram, in ms: tens of ms is on time, 250 ms the p99 a large install should hold, seconds is behind. */
export const LAG_BOUNDS_MS = [5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000];
export interface EngineMonitor {
  id: string;
  name: string;
  type: string;
  interval: number;
  timeout: number;
  paused: boolean;
}

export interface RecordedResult {
  monitorId: string;
  /** When the check started (epoch ms). */
  at: number;
  result: CheckResult;
  /** Slots that passed without a run just before this one. */
  missed: number;
  /** Set by alerting: the result does not count towards uptime (pending, maintenance). */
  excluded?: boolean;
  /** Where the check ran: a probe agent's location; absent means local. */
  location?: string;
}

export interface RanElsewhere {
  /** When the check started there (epoch ms). */
  at: number;
  result: CheckResult;
}

/** Re-check a failing monitor every `every` ms until `failures` results in a row have failed. */
export interface RetryPolicy {
  every: number;
  failures: number;
}

export interface EngineDeps<M extends EngineMonitor> {
  /** Timers too (engine/timers.ts) when given: the scheduler, deadlines and rate delays use them. */
  clock: Clock | Timers;
  logger: Logger;
  /** Runs the monitor's check; the engine wraps it in the deadline. */
  runCheck(monitor: M, ctx: CheckContext): Promise<CheckResult>;
  /**
   * A check run elsewhere (a check thread) under its own deadline, started there at `at` (epoch ms)
   * or at once when that is past; undefined: `runCheck` runs it here.
   */
  runElsewhere?(monitor: M, at: number): Promise<RanElsewhere> | undefined;
  /**
   * How long before its slot a check is handed to `runElsewhere` (capped at interval − timeout, so
   * its previous run has ended): where the check starts on its own timer, a busy engine thread (a
   * major GC marking hundreds of MB) makes no check late.
   */
  leadOf?(monitor: M): number;
  /** Receives every result (batched to the store, fed to alerting). */
  record(result: RecordedResult, monitor: M): void;
  /** Monitor types that are pushed to rather than polled (heartbeats). */
  isPolled(monitor: M): boolean;
  concurrency?: number;
  /** The host:port a monitor's check reaches; runs to one target are capped at `maxTargetRate()` per second. */
  targetOf?(monitor: M): string | undefined;
  maxTargetRate?(): number;
  /** No monitor is scheduled more often than this, whatever its stored interval says (server.min_interval). */
  minInterval?(): number;
  /** When the monitor last produced a result (the store's, across restarts): see Scheduler.set. */
  lastResultAt?(id: string): number | undefined;
  /** Told when each check starts and settles: the supervisor names them if the loop blocks. */
  running?: RunningChecks;
  /** How a failing monitor is re-checked before its failure is confirmed (alert.retry_interval, down_after). */
  retryOf?(monitor: M): RetryPolicy | undefined;
}

export interface EngineStats {
  monitors: number;
  scheduled: number;
  checksCompleted: number;
  checksMissed: number;
  lastResultAt: number | undefined;
  running: number;
  queued: number;
  lag: { count: number; p50: number; p99: number; max: number };
  /** Every check's lag since start, in ms, by LAG_BOUNDS_MS: /metrics exports it as a histogram. */
  lagBuckets: BucketCounts;
}

/** How long past two intervals a monitor taken over still counts as just left by its holder. */
const TAKEOVER_GRACE_MS = 60_000;

/** A run held back this long by server.max_target_rate is logged (once every 10 minutes a target). */
const THROTTLE_WARN_MS = 1000;

/**
 * Schedules polled monitors, runs each due check under its deadline with
 * bounded concurrency, and hands results on. Holds no storage or alert logic.
 */
export class Engine<M extends EngineMonitor> {
  private monitors = new Map<string, M>();
  /**
   * Monitors whose run is queued, running or handed elsewhere; for one handed elsewhere, when it
   * starts there (NaN for runs here). One map, not two: each check adds and removes its entry, and a
   * map's table churns with that.
   */
  private readonly inFlight = new Map<string, number>();
  /** Slots skipped because the previous run was still going, per monitor, until its next run. */
  private readonly skipped = new Map<string, number>();
  /** Runs waiting here for their start (their target's rate, or a lead no thread took), by monitor: the function that cancels each. */
  private readonly waiting = new Map<string, () => void>();
  /** Failed results in a row, per monitor, while it is being retried. */
  private readonly failing = new Map<string, number>();
  private readonly timers: Timers;
  private readonly scheduler: Scheduler;
  private readonly queue: RunQueue;
  private readonly rate: TargetRate;
  /** When each throttled target was last logged: once every 10 minutes, not at every run. */
  private readonly throttleSaid = new Map<string, number>();
  private throttled = 0;
  private readonly lag = new SampleWindow(8192);
  private readonly lagBuckets = new BucketCounts(LAG_BOUNDS_MS);
  /** When the monitor set last changed. */
  private setAt = -Infinity;
  private completed = 0;
  private missed = 0;
  private lastResultAt: number | undefined;

  constructor(private readonly deps: EngineDeps<M>) {
    this.timers = timersOf(deps.clock);
    this.scheduler = new Scheduler(this.timers, { due: (id, due, missed) => this.onDue(id, due, missed) });
    this.queue = new RunQueue(deps.concurrency ?? 1000);
    this.rate = new TargetRate(() => deps.maxTargetRate?.() ?? Infinity);
  }

  /**
   * Replace the monitor set; unchanged monitors keep their slot. `takenOver` (cluster mode): monitors
   * this instance just took from another, each run by its last result + interval, at once when overdue.
   */
  setMonitors(monitors: readonly M[], takenOver?: ReadonlySet<string>): void {
    this.monitors = new Map(monitors.map((m) => [m.id, m]));
    this.setAt = this.deps.clock.now();
    for (const id of this.failing.keys()) if (!this.monitors.has(id)) this.failing.delete(id);
    const floor = this.deps.minInterval?.() ?? 0;
    const polled = monitors.filter((m) => !m.paused && this.deps.isPolled(m));
    for (const m of polled) {
      // Only a definition stored before the floor existed gets here; the schema refuses the rest.
      if (m.interval < floor)
        this.deps.logger.warn({ monitor: m.id }, `${m.id} asks for a run every ${m.interval} ms; it runs every ${floor} ms (server.min_interval)`);
    }
    this.scheduler.set(
      polled.map((m) => {
        const interval = Math.max(m.interval, floor);
        const lastResultAt = this.deps.lastResultAt?.(m.id);
        // A takeover continues where the last holder stopped; monitors never checked, or idle since long before (the whole cluster was down), spread as at a start.
        const fresh = lastResultAt !== undefined && this.deps.clock.now() - lastResultAt <= 2 * interval + TAKEOVER_GRACE_MS;
        const dueBy = takenOver?.has(m.id) && fresh ? lastResultAt + interval : undefined;
        const lead = Math.min(this.deps.leadOf?.(m) ?? 0, interval - m.timeout);
        return { id: m.id, interval, lastResultAt, ...(dueBy !== undefined && { dueBy }), ...(lead > 0 && { lead }) };
      }),
    );
  }

  start(): void {
    this.scheduler.start();
  }

  stop(): void {
    this.scheduler.stop();
    for (const [id, cancel] of this.waiting) {
      cancel();
      this.inFlight.delete(id);
    }
    this.waiting.clear();
  }

  /** Resolves once no check is running or queued (or after `maxMs`). */
  async drain(maxMs: number): Promise<void> {
    const until = Date.now() + maxMs;
    while (this.inFlight.size > 0 && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  stats(): EngineStats {
    return {
      monitors: this.monitors.size,
      scheduled: this.scheduler.size,
      checksCompleted: this.completed,
      checksMissed: this.missed,
      lastResultAt: this.lastResultAt,
      running: this.queue.running + this.startedElsewhere(),
      queued: this.queue.queued,
      lag: this.lag.summary(),
      lagBuckets: this.lagBuckets,
    };
  }

  /** Runs the per-target rate cap has delayed since start, and those waiting for their slot now. */
  throttling(): { delayed: number; waiting: number } {
    return { delayed: this.throttled, waiting: this.waiting.size };
  }

  /** Lag samples are a recent window; the benchmark resets it after warm-up. */
  resetLag(): void {
    this.lag.clear();
  }

  nextDue(id: string): number | undefined {
    return this.scheduler.nextDue(id);
  }

  private onDue(id: string, due: number, missedSlots: number): void {
    const monitor = this.monitors.get(id);
    if (!monitor) return;
    // Waiting for its target's rate: the run is late by design, so this slot is neither missed nor stacked.
    if (this.waiting.has(id)) return;
    if (this.inFlight.has(id)) {
      // Still running from its previous slot: the slot is missed, never stacked. The next
      // run carries the count so the store records the gap instead of hiding it.
      this.missed++;
      this.skipped.set(id, (this.skipped.get(id) ?? 0) + 1);
      this.deps.logger.warn({ monitor: id }, `skipped a run of ${id}: the previous run is still in progress`);
      return;
    }
    const missed = missedSlots + (this.skipped.get(id) ?? 0);
    this.skipped.delete(id);
    this.missed += missedSlots;
    this.inFlight.set(id, NaN);
    this.startWithinRate(monitor, due, missed);
  }

  /** Starts the run on its slot, or at its target's next free slot when the target is at server.max_target_rate. */
  private startWithinRate(monitor: M, due: number, missed: number): void {
    const target = this.deps.targetOf?.(monitor);
    const now = this.deps.clock.now();
    // Handed over a lead before its slot, the run reserves the target's rate for the slot.
    const start = Math.max(now, due);
    const wait = target === undefined ? 0 : Math.max(0, this.rate.reserve(target, start));
    if (wait > 0) {
      this.throttled++;
      // Every delay is counted; one of a few milliseconds (two runs in one instant at a high cap) is not news.
      if (wait >= THROTTLE_WARN_MS && now - (this.throttleSaid.get(target!) ?? -Infinity) >= 600_000) {
        this.throttleSaid.set(target!, now);
        this.deps.logger.warn(
          { target },
          `checks of ${target} come faster than server.max_target_rate allows; runs are delayed and spread (${this.throttled} so far, this one by ${(wait / 1000).toFixed(1)} s)`,
        );
      }
    }
    // The delay is the cap's, not the scheduler's: lag counts from the slot it gave.
    this.launch(monitor, due + wait, start + wait, missed);
  }

  /**
   * Hands the run starting at `at` to where it runs elsewhere, or queues it here at `at`; its lag
   * counts from `slot`. Until it is queued here the monitor is waiting (not due again, cancelled by stop()).
   */
  private launch(monitor: M, slot: number, at: number, missed: number): void {
    const there = this.deps.runElsewhere?.(monitor, at);
    if (there) return void this.settleElsewhere(monitor, slot, at, missed, there);
    const early = at - this.timers.now();
    if (early <= 0) return this.queue.push(() => this.run(monitor, slot, missed));
    const cancel = this.timers.after(early, () => {
      this.waiting.delete(monitor.id);
      this.queue.push(() => this.run(monitor, slot, missed));
    });
    this.waiting.set(monitor.id, cancel);
  }

  private async run(monitor: M, due: number, missedSlots: number): Promise<void> {
    const at = this.deps.clock.now();
    this.noteLag(at - due);
    this.deps.running?.started(monitor.id);
    try {
      const result = await runWithDeadline((ctx) => this.deps.runCheck(monitor, ctx), monitor.timeout, this.timers);
      this.finish(monitor, at, result, missedSlots);
    } finally {
      this.inFlight.delete(monitor.id);
      this.deps.running?.ended(monitor.id);
    }
  }

  /** A thread's check cannot hold this thread's loop, so it is not reported as running to the supervisor. */
  private async settleElsewhere(monitor: M, slot: number, at: number, missedSlots: number, there: Promise<RanElsewhere>): Promise<void> {
    this.inFlight.set(monitor.id, at);
    try {
      const ran = await there;
      this.noteLag(ran.at - slot);
      // Removed or paused after it was handed over, before it started: not a result of this monitor now.
      const current = this.monitors.get(monitor.id);
      if (ran.at >= this.setAt && (!current || current.paused || !this.deps.isPolled(current))) return;
      this.finish(monitor, ran.at, ran.result, missedSlots);
    } finally {
      this.inFlight.delete(monitor.id);
    }
  }

  /** Handed-over checks whose start has come: those held for it are not running yet. */
  private startedElsewhere(): number {
    const now = this.timers.now();
    let started = 0;
    for (const at of this.inFlight.values()) if (at <= now) started++;
    return started;
  }

  private noteLag(ms: number): void {
    const lag = Math.max(0, ms);
    this.lag.add(lag);
    this.lagBuckets.add(lag);
  }

  private finish(monitor: M, at: number, result: CheckResult, missed: number): void {
    this.accept(monitor, { monitorId: monitor.id, at, result, missed });
    this.retryIfFailing(monitor, at, result.status);
  }

  /**
   * A failed result is confirmed sooner by re-checking it every retry interval (from the failed
   * run's start, capped by the interval) until `failures` in a row have failed; then the monitor
   * is back on its slots. A fault is thus paged within interval + (failures − 1) × retry + timeout.
   */
  private retryIfFailing(monitor: M, startedAt: number, status: CheckResult['status']): void {
    const policy = this.deps.retryOf?.(monitor);
    if (!policy || status === 'up') {
      this.failing.delete(monitor.id);
      return;
    }
    const failures = Math.min((this.failing.get(monitor.id) ?? 0) + 1, policy.failures);
    this.failing.set(monitor.id, failures);
    // Confirmed: a monitor that stays down is checked on its slots, not retried every interval.
    if (failures >= policy.failures) return;
    const every = Math.min(policy.every, monitor.interval);
    this.scheduler.retry(monitor.id, Math.max(startedAt + every, this.timers.now()));
  }

  private accept(monitor: M, recorded: RecordedResult): void {
    this.completed++;
    this.lastResultAt = this.deps.clock.now();
    this.deps.record(recorded, monitor);
  }
}

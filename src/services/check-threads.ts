/**
 * HTTP and TCP checks run on worker threads once there are many of them. At 100,000 monitors
 * (1,667 checks a second) the check path, Node's sockets and HTTP client and the kernel's loopback
 * connect, write and close under them, took ~42 % of the engine's thread, which then started checks
 * late whenever a scrape or a rollup wanted the rest. On a thread of their own the checks use the
 * second core, and the engine's thread only schedules, records and alerts.
 *
 * A check thread runs the very checks of src/checks under the same deadline (runWithDeadline), so a
 * result, its phases and its timeout message are the ones a check on the engine's thread gives.
 * Jobs go out a lead (LEAD_MS) before their slot, in one message per turn of the loop; the thread
 * starts each on its slot and sends the results back, with their start times, every 10 ms.
 *
 * Small installs never start a thread (its V8 isolate costs ~30 MB): only once the monitors of these
 * types ask for THREADS_FROM checks a second, and only with a second core. If a thread fails or stops answering, its waiting
 * checks are run again on the engine's thread and the next job starts a new thread.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { MonitorConfig } from '../schema/resolve.js';
import type { ProbeTargets } from '../core/targets/policy.js';
import type { CheckResult } from '../core/types.js';
import type { Logger } from '../lib/logger.js';
import { HELPER_THREAD_LIMITS } from '../lib/thread-memory.js';
import type { RanElsewhere } from '../engine/engine.js';

/** Types whose checks hold no state of the process (pools, caches, child processes) and so may run on any thread. */
export const THREAD_CHECK_TYPES = ['http', 'tcp'] as const;
const onThreads: ReadonlySet<string> = new Set(THREAD_CHECK_TYPES);
/** Checks a second of those types from which threads start: 6,000 monitors at 60 s. */
export const THREADS_FROM = 100;
/** A thread that has not answered a check this long after its deadline is taken as stuck. */
export const STUCK_AFTER_MS = 10_000;

const threadEntry = new URL('./check-thread.js', import.meta.url);
/** Run from TypeScript sources (the tests under vitest), the compiled entry does not exist. */
export const checkThreadsBuilt = import.meta.url.endsWith('.js');

export interface CheckJob {
  seq: number;
  id: string;
  type: string;
  settings: unknown;
  timeoutMs: number;
  /** When to start it (epoch ms): jobs come a lead before their slot (LEAD_MS) and wait on the thread. */
  at: number;
}
export type ToThread = { jobs: CheckJob[] } | { targets: ProbeTargets | undefined };
export interface FromThread {
  results: [seq: number, startedAt: number, result: CheckResult][];
}

interface Waiting {
  monitor: MonitorConfig;
  /** Its start time. */
  at: number;
  giveUpAt: number;
  resolve: (ran: RanElsewhere) => void;
}

/**
 * How long before its slot a check is handed to its thread, which starts it on the slot by its own
 * timer. The engine's thread then only has to keep up over this span: at 100,000 monitors a major
 * GC of its heap took 400–650 ms, during which checks it started itself began up to 500 ms late.
 */
export const LEAD_MS = 1000;

export interface CheckThreadsOptions {
  logger: Logger;
  /** server.probe_targets as configured: each thread compiles its own policy. */
  targets: ProbeTargets | undefined;
  /** Runs a check on the engine's thread, under its deadline: for the checks of a thread that failed. */
  runHere(monitor: MonitorConfig): Promise<CheckResult>;
  /** Threads to start (default: one per core beyond the engine's; none on one core). */
  threads?: number;
  /** Checks a second from which threads start (default THREADS_FROM). */
  from?: number;
  /** Tests: a thread entry that can be made to fail, and a shorter wait before a thread counts as stuck. */
  entry?: URL;
  stuckAfterMs?: number;
}

class CheckThread {
  readonly waiting = new Map<number, Waiting>();
  private outgoing: CheckJob[] = [];
  private readonly worker: Worker;

  constructor(entry: URL, targets: ProbeTargets | undefined, onStopped: (thread: CheckThread, why: string) => void) {
    this.worker = new Worker(entry, { workerData: { targets }, resourceLimits: HELPER_THREAD_LIMITS });
    this.worker.unref();
    this.worker.on('message', ({ results }: FromThread) => {
      for (const [seq, at, result] of results) {
        const waiting = this.waiting.get(seq);
        if (!waiting) continue;
        this.waiting.delete(seq);
        waiting.resolve({ at, result });
      }
    });
    this.worker.on('error', (error) => onStopped(this, `failed: ${error.message}`));
    this.worker.on('exit', (code) => onStopped(this, `stopped (exit code ${code})`));
  }

  /** Queued until the end of this turn: every check started in one turn goes out in one message. */
  send(job: CheckJob, waiting: Waiting): void {
    this.waiting.set(job.seq, waiting);
    if (this.outgoing.push(job) === 1) queueMicrotask(() => this.flush());
  }

  post(message: ToThread): void {
    this.worker.postMessage(message);
  }

  stuck(now: number): boolean {
    for (const waiting of this.waiting.values()) if (now > waiting.giveUpAt) return true;
    return false;
  }

  terminate(): void {
    void this.worker.terminate();
  }

  private flush(): void {
    const jobs = this.outgoing;
    this.outgoing = [];
    this.post({ jobs });
  }
}

export class CheckThreads {
  private readonly threads: (CheckThread | undefined)[];
  private targets: ProbeTargets | undefined;
  private started = false;
  private closed = false;
  private seq = 0;
  private sweep?: NodeJS.Timeout;
  private readonly stuckAfterMs: number;

  constructor(private readonly options: CheckThreadsOptions) {
    this.targets = options.targets;
    this.stuckAfterMs = options.stuckAfterMs ?? STUCK_AFTER_MS;
    // One core: a thread could only take turns with the engine's, for the cost of the messages.
    this.threads = new Array<CheckThread | undefined>(options.threads ?? availableParallelism() - 1).fill(undefined);
  }

  /** Starts the threads once the polled monitors of thread types ask for enough checks a second; they stay until close. */
  plan(monitors: readonly MonitorConfig[]): void {
    if (this.started || this.closed || this.threads.length === 0) return;
    let perSecond = 0;
    for (const m of monitors) if (onThreads.has(m.type) && !m.paused) perSecond += 1000 / m.interval;
    if (perSecond < (this.options.from ?? THREADS_FROM)) return;
    this.started = true;
    this.options.logger.info(`HTTP and TCP checks run on ${this.threads.length} thread(s) beside the engine's (${Math.round(perSecond)} checks a second)`);
    this.sweep = setInterval(() => this.sweepStuck(), 1000);
    this.sweep.unref();
  }

  /** server.probe_targets changed (a reload): checks sent from now on are judged by the new list. */
  setTargets(targets: ProbeTargets | undefined): void {
    this.targets = targets;
    for (const thread of this.threads) thread?.post({ targets });
  }

  /** How long before its slot the monitor's check may be handed over (0: it runs on the engine's thread). */
  leadOf(monitor: MonitorConfig): number {
    return this.takes(monitor) ? LEAD_MS : 0;
  }

  /**
   * The check's start time and result from a thread, started there at `at` (at once when past) under
   * the monitor's deadline; undefined when it runs on the engine's thread.
   */
  run(monitor: MonitorConfig, at = Date.now()): Promise<RanElsewhere> | undefined {
    if (!this.takes(monitor)) return undefined;
    const thread = this.leastBusy();
    const job: CheckJob = { seq: ++this.seq, id: monitor.id, type: monitor.type, settings: monitor.settings, timeoutMs: monitor.timeout, at };
    const giveUpAt = Math.max(at, Date.now()) + monitor.timeout + this.stuckAfterMs;
    return new Promise((resolve) => thread.send(job, { monitor, at, resolve, giveUpAt }));
  }

  private takes(monitor: MonitorConfig): boolean {
    return this.started && !this.closed && onThreads.has(monitor.type);
  }

  /** Ends the threads; checks still out are not answered (the engine has stopped). */
  close(): void {
    this.closed = true;
    clearInterval(this.sweep);
    for (const thread of this.threads) thread?.terminate();
  }

  private leastBusy(): CheckThread {
    let best = 0;
    for (let i = 0; i < this.threads.length; i++) {
      const thread = this.threads[i];
      if (!thread) {
        best = i;
        break;
      }
      if (thread.waiting.size < this.threads[best]!.waiting.size) best = i;
    }
    return (this.threads[best] ??= new CheckThread(this.options.entry ?? threadEntry, this.targets, (thread, why) => this.stopped(thread, why)));
  }

  /** A thread that failed or stopped: forgotten (the next job starts another), its checks run here. */
  private stopped(thread: CheckThread, why: string): void {
    const index = this.threads.indexOf(thread);
    if (index < 0 || this.closed) return;
    this.threads[index] = undefined;
    thread.terminate();
    const waiting = [...thread.waiting.values()];
    thread.waiting.clear();
    this.options.logger.warn(`a check thread ${why}; its ${waiting.length} running check(s) are run again on the engine's thread`);
    for (const { monitor, at, resolve } of waiting) {
      const start = () => {
        const startedAt = Date.now();
        void this.options.runHere(monitor).then((result) => resolve({ at: startedAt, result }));
      };
      // Still ahead of its slot (handed over early): run then, not at once.
      setTimeout(start, Math.max(0, at - Date.now()));
    }
  }

  private sweepStuck(): void {
    const now = Date.now();
    for (const thread of this.threads)
      if (thread?.stuck(now)) this.stopped(thread, `did not answer within ${this.stuckAfterMs / 1000} s of a check's deadline`);
  }
}

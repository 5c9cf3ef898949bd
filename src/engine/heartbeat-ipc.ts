/**
 * The engine's side of the supervisor link: every second, one IPC message with
 * progress counters, event-loop delay and memory. The supervisor judges them
 * (src/core/watchdog.ts); silence itself is the loudest figure, since a blocked
 * event loop cannot send anything.
 */
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { EngineBeat } from '../core/watchdog.js';
import { systemTimers, type Timers } from './timers.js';

/** What the engine knows about its own progress; zeros while it starts up. */
export type Progress = Pick<EngineBeat, 'checksCompleted' | 'lastResultAt' | 'scheduled' | 'resultEvery' | 'outboxBacklog' | 'pluginGroups'>;

export type EngineMessage =
  | { type: 'beat'; beat: EngineBeat }
  /** Startup done: config read, store migrated, HTTP bound, scheduler running. */
  | { type: 'ready'; address: string }
  /** Monitors whose checks started or settled since the last such message (src/core/quarantine.ts). */
  | { type: 'running'; started: string[]; ended: string[] };

export type Send = (message: EngineMessage) => void;

const STARTING: Progress = { checksCompleted: 0, lastResultAt: undefined, scheduled: 0, resultEvery: 0, outboxBacklog: undefined };

export interface Heartbeat {
  /** Switch from the start-up zeros to the running engine's figures. */
  setProgress(source: () => Progress): void;
  stop(): void;
}

export interface HeartbeatOptions {
  /** Default one second. */
  every?: number;
  /** When beats fall due and the time each one carries; real time unless a test moves a virtual clock. */
  timers?: Timers;
  /** A clock that never jumps, for the beat timer's own lateness; default performance.now(), a virtual clock's now() in tests. */
  monotonic?: () => number;
  /** The event loop's delays since the last beat (`max` in ns); default Node's own monitor, one a test sets by hand. */
  loopDelay?: Pick<IntervalHistogram, 'max' | 'reset'>;
}

const LOOP_DELAY_RESOLUTION_MS = 200;

export function startHeartbeat(send: Send, options: HeartbeatOptions = {}): Heartbeat {
  const { every = 1000, timers = systemTimers, monotonic = () => performance.now() } = options;
  // Node samples the delay with a timer on this loop: every 20 ms woke an idle engine 50 times a
  // second. The delay matters against watchdog.stall_after (seconds); at 200 ms a block reads at
  // most 200 ms short, and the beat's own drift below catches it too.
  const own = monitorEventLoopDelay({ resolution: LOOP_DELAY_RESOLUTION_MS });
  const histogram = options.loopDelay ?? own;
  if (histogram === own) own.enable();
  let source: () => Progress = () => STARTING;
  let previous = monotonic();
  let cancel = () => {};
  let stopped = false;
  const beat = () => {
    const now = monotonic();
    // The timer's own lateness catches a block even before the histogram samples it.
    const drift = now - previous - every;
    previous = now;
    const loopDelayMaxMs = Math.max(drift, histogram.max / 1e6);
    histogram.reset();
    send({ type: 'beat', beat: { ...source(), at: timers.now(), loopDelayMaxMs: Math.round(loopDelayMaxMs), rssBytes: process.memoryUsage.rss() } });
    // Armed after the beat, as setInterval was: a late beat does not bring a burst of others behind it.
    if (!stopped) cancel = timers.after(every, beat);
  };
  cancel = timers.after(every, beat);
  return {
    setProgress(next) {
      source = next;
    },
    stop() {
      stopped = true;
      cancel();
      own.disable();
    },
  };
}

/** Told when a check starts and when it settles. */
export interface RunningChecks {
  started(monitorId: string): void;
  ended(monitorId: string): void;
}

/**
 * How the engine reports its running checks (RUNNING_REPORT_ENV): `each-turn` sends the changes once
 * per turn of the event loop (setImmediate), which runs after a check starts and before its I/O can
 * complete, so a check that freezes the loop as it settles is named; by default they are sent once a
 * second, which names checks that stop settling (a stall) and those running across a report, at
 * one message a second instead of one per turn (8.5 % of the main thread at 1,700 checks/s).
 */
export type RunningReport = 'each-turn' | 'each-second';

/**
 * The supervisor sets this to `each-turn` for the engines it starts after a freeze or a stall
 * (src/supervisor/supervisor.ts): one freeze costs a restart that may name nobody; the next one names
 * the check that was running, exactly, and a second names it again and quarantines it.
 */
export const RUNNING_REPORT_ENV = 'TOCSIN_REPORT_RUNNING';

export function runningReportOf(env: NodeJS.ProcessEnv): RunningReport {
  return env[RUNNING_REPORT_ENV] === 'each-turn' ? 'each-turn' : 'each-second';
}

/** Told when a check starts and when it settles. */
export interface RunningChecks {
  started(monitorId: string): void;
  ended(monitorId: string): void;
}

export interface RunningReporter extends RunningChecks {
  stop(): void;
}

/**
 * Keeps the supervisor's list of running checks current, so that when the loop blocks or checks stop
 * settling it can name the monitors being checked. Only changes are sent, and a check that started
 * and settled between two reports is never sent at all.
 */
export function runningReporter(send: Send, report: RunningReport = 'each-turn', everyMs = 1000, timers: Timers = systemTimers): RunningReporter {
  const changed = new Map<string, boolean>();
  const reported = new Set<string>();
  let pending = false;
  const flush = () => {
    pending = false;
    if (changed.size === 0) return;
    const started: string[] = [];
    const ended: string[] = [];
    for (const [id, running] of changed) {
      if (running === reported.has(id)) continue;
      if (running) reported.add(id);
      else reported.delete(id);
      (running ? started : ended).push(id);
    }
    changed.clear();
    if (started.length > 0 || ended.length > 0) send({ type: 'running', started, ended });
  };
  if (report === 'each-second') {
    let cancel = () => {};
    const tick = () => {
      flush();
      cancel = timers.after(everyMs, tick);
    };
    cancel = timers.after(everyMs, tick);
    return {
      started: (id) => void changed.set(id, true),
      ended: (id) => void changed.set(id, false),
      stop: () => cancel(),
    };
  }
  const note = (id: string, running: boolean) => {
    changed.set(id, running);
    if (!pending) setImmediate(flush);
    pending = true;
  };
  return { started: (id) => note(id, true), ended: (id) => note(id, false), stop: () => undefined };
}

/** process.send when this process has a supervisor, or undefined when run alone. */
export function ipcSender(): Send | undefined {
  if (!process.send) return undefined;
  return (message) => {
    // The supervisor may be gone (its own death is handled on 'disconnect'); a failed send must not throw.
    if (process.connected) process.send?.(message, undefined, undefined, () => undefined);
  };
}

export function isEngineMessage(value: unknown): value is EngineMessage {
  if (typeof value !== 'object' || value === null) return false;
  const message = value as { type?: unknown; beat?: unknown; started?: unknown; ended?: unknown };
  if (message.type === 'running') return isStrings(message.started) && isStrings(message.ended);
  return message.type === 'beat' ? typeof message.beat === 'object' : message.type === 'ready';
}

function isStrings(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

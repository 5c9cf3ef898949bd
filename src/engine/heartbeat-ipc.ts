/**
 * The engine's side of the supervisor link: every second, one IPC message with
 * progress counters, event-loop delay and memory. The supervisor judges them
 * (src/core/watchdog.ts); silence itself is the loudest figure, since a blocked
 * event loop cannot send anything.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { EngineBeat } from '../core/watchdog.js';

/** What the engine knows about its own progress; zeros while it starts up. */
export type Progress = Pick<EngineBeat, 'checksCompleted' | 'lastResultAt' | 'scheduled' | 'resultEvery' | 'outboxBacklog' | 'pluginGroups'>;

export type EngineMessage =
  | { type: 'beat'; beat: EngineBeat }
  /** Startup done: config read, store migrated, HTTP bound, scheduler running. */
  | { type: 'ready'; address: string };

export type Send = (message: EngineMessage) => void;

const STARTING: Progress = { checksCompleted: 0, lastResultAt: undefined, scheduled: 0, resultEvery: 0, outboxBacklog: undefined };

export interface Heartbeat {
  /** Switch from the start-up zeros to the running engine's figures. */
  setProgress(source: () => Progress): void;
  stop(): void;
}

export function startHeartbeat(send: Send, every = 1000): Heartbeat {
  const histogram = monitorEventLoopDelay({ resolution: 20 });
  histogram.enable();
  let source: () => Progress = () => STARTING;
  let previous = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    // The timer's own lateness catches a block even before the histogram samples it.
    const drift = now - previous - every;
    previous = now;
    const loopDelayMaxMs = Math.max(drift, histogram.max / 1e6);
    histogram.reset();
    send({ type: 'beat', beat: { ...source(), at: Date.now(), loopDelayMaxMs: Math.round(loopDelayMaxMs), rssBytes: process.memoryUsage.rss() } });
  }, every);
  timer.unref();
  return {
    setProgress(next) {
      source = next;
    },
    stop() {
      clearInterval(timer);
      histogram.disable();
    },
  };
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
  const type = (value as { type?: unknown }).type;
  return type === 'beat' ? typeof (value as { beat?: unknown }).beat === 'object' : type === 'ready';
}

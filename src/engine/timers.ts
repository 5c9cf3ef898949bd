/**
 * The engine's source of time: the clock plus one-shot timers. Injected everywhere a timer is set,
 * so the engine's tests run on a virtual clock (virtual-timers.ts) and assert exact schedules.
 */
import type { Clock } from '../lib/clock.js';

export interface Timers extends Clock {
  /** Calls `fn` once, `ms` from now; returns the function that cancels it. */
  after(ms: number, fn: () => void): () => void;
}

/** Real time. Timers are unref'd: a pending wake-up alone must not keep the process alive. */
export const systemTimers: Timers = {
  now: () => Date.now(),
  after(ms, fn) {
    const timer = setTimeout(fn, Math.max(0, ms));
    timer.unref?.();
    return () => clearTimeout(timer);
  },
};

/** A Clock that may also be Timers: the clock's own timers when it has them, real ones otherwise. */
export function timersOf(clock: Clock): Timers {
  if ('after' in clock && typeof (clock as Timers).after === 'function') return clock as Timers;
  return { now: () => clock.now(), after: systemTimers.after };
}

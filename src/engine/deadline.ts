import type { CheckResult } from '../core/types.js';
import { Phases } from '../checks/phases.js';
import type { CheckContext } from '../checks/types.js';
import type { Timers } from './timers.js';

/** Kept referenced (unlike systemTimers'): a one-shot `tocsin check` must wait for its deadline. */
const refTimers: Pick<Timers, 'after'> = {
  after(ms, fn) {
    const timer = setTimeout(fn, ms);
    return () => clearTimeout(timer);
  },
};

/**
 * The reason given to a check's signal once it has settled: one object for all checks, since an
 * Error per check (its stack captured, then dropped) cost more than the abort it explains.
 */
const FINISHED = new Error('check finished');

/**
 * Runs one check under a hard deadline. When the deadline passes the check's
 * signal is aborted (it must destroy its sockets or kill its processes) and the
 * result is settled at once as down — whether or not the check ever settles.
 * A check that hangs therefore costs one pending promise, never a scheduler slot.
 */
export async function runWithDeadline(
  run: (ctx: CheckContext) => Promise<CheckResult>,
  timeoutMs: number,
  timers: Pick<Timers, 'after'> = refTimers,
): Promise<CheckResult> {
  const controller = new AbortController();
  const phases = new Phases();
  const ctx: CheckContext = { signal: controller.signal, timeoutMs, phases };
  let cancel: (() => void) | undefined;

  const deadline = new Promise<CheckResult>((resolve) => {
    cancel = timers.after(timeoutMs, () => {
      const where = phases.describe();
      const result: CheckResult = {
        status: 'down',
        latencyMs: phases.elapsed(),
        timings: phases.finish(),
        message: `timed out after ${timeoutMs} ms${where ? ` ${where}` : ''}`,
      };
      controller.abort(new Error(result.message));
      resolve(result);
    });
  });

  const work = (async () => {
    try {
      return await run(ctx);
    } catch (error) {
      return crashed(error, phases);
    }
  })();

  try {
    return await Promise.race([work, deadline]);
  } finally {
    cancel?.();
    // A check that settled first still gets its signal aborted, so anything it
    // left behind (a lingering socket, a child process) is told to stop.
    if (!controller.signal.aborted) controller.abort(FINISHED);
  }
}

function crashed(error: unknown, phases: Phases): CheckResult {
  const where = phases.describe();
  const text = error instanceof Error ? error.message : String(error);
  return {
    status: 'down',
    latencyMs: phases.elapsed(),
    timings: phases.finish(),
    message: `check failed${where ? ` ${where}` : ''}: ${text}`,
  };
}

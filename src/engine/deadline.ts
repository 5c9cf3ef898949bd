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
export function runWithDeadline(
  run: (ctx: CheckContext) => Promise<CheckResult>,
  timeoutMs: number,
  timers: Pick<Timers, 'after'> = refTimers,
): Promise<CheckResult> {
  const controller = new AbortController();
  const phases = new Phases();
  const ctx: CheckContext = { signal: controller.signal, timeoutMs, phases };
  // One promise settled by whichever comes first (no race of a deadline promise with the work's):
  // this runs once per check.
  return new Promise<CheckResult>((resolve) => {
    let settled = false;
    const cancel = timers.after(timeoutMs, () => {
      if (settled) return;
      settled = true;
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
    const finish = (result: CheckResult) => {
      if (settled) return;
      settled = true;
      cancel();
      // A check that settled first still gets its signal aborted, so anything it
      // left behind (a lingering socket, a child process) is told to stop.
      controller.abort(FINISHED);
      resolve(result);
    };
    const fail = (error: unknown) => finish(crashed(error, phases));
    let work: Promise<CheckResult>;
    try {
      work = run(ctx);
    } catch (error) {
      return fail(error);
    }
    Promise.resolve(work).then(finish, fail);
  });
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

/**
 * A cap on the child processes checks run at once (exec plugins and ping). Without it a config of
 * thousands of exec or icmp monitors, or plugins that hang until their deadline, could fork until
 * the host runs out of processes or memory, taking tocsin's own checks down with it. A run waits
 * for a slot within its own deadline: when that passes first it ends as it would have, and says it
 * never got to start.
 */
export class ProcessSlots {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(readonly limit: number) {}

  /** Resolves with a release function once a slot is free, or undefined when `signal` aborts first. */
  acquire(signal: AbortSignal): Promise<(() => void) | undefined> {
    if (signal.aborted) return Promise.resolve(undefined);
    if (this.running < this.limit) {
      this.running += 1;
      return Promise.resolve(this.releaser());
    }
    return new Promise((resolve) => {
      const granted = () => {
        signal.removeEventListener('abort', onAbort);
        resolve(this.releaser());
      };
      const onAbort = () => {
        const at = this.waiting.indexOf(granted);
        if (at >= 0) this.waiting.splice(at, 1);
        resolve(undefined);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(granted);
    });
  }

  /** Runs in use and runs waiting, for metrics and messages. */
  get usage(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      // The slot passes straight to the next waiter; the count only drops when nobody waits.
      if (next) next();
      else this.running -= 1;
    };
  }
}

/** 64 plugins or pings at once is far beyond what a sane config needs at any instant, and far below what hurts a host. */
export const CHILD_PROCESS_LIMIT = 64;

/** Process-wide, as the host's process table is. */
export const childProcessSlots = new ProcessSlots(CHILD_PROCESS_LIMIT);

/** Why a run whose deadline passed before a slot was free never started. */
export function noFreeSlot(slots: ProcessSlots = childProcessSlots): string {
  return `all ${slots.limit} child process slots stayed busy until the deadline (${slots.usage.waiting} more runs waiting)`;
}

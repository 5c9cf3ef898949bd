/**
 * Bounded concurrency: at most `limit` checks in flight; the rest wait in
 * FIFO order. Checks are I/O bound, so the limit guards file descriptors and
 * memory rather than CPU.
 */
export class RunQueue {
  private readonly waiting: (() => Promise<void>)[] = [];
  private active = 0;

  constructor(private readonly limit: number) {}

  get running(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiting.length;
  }

  push(task: () => Promise<void>): void {
    this.waiting.push(task);
    this.drain();
  }

  /** Bound once: one `then` per task instead of a catch and a finally (two more promises each). */
  private readonly done = (): void => {
    this.active--;
    this.drain();
  };

  private drain(): void {
    while (this.active < this.limit && this.waiting.length > 0) {
      const task = this.waiting.shift()!;
      this.active++;
      task().then(this.done, this.done);
    }
  }
}

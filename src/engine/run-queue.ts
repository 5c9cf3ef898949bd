/**
 * Bounded concurrency: at most `limit` checks in flight; the rest wait in
 * FIFO order. Checks are I/O bound, so the limit guards file descriptors and
 * memory rather than CPU.
 *
 * The waiting list is read from a moving head, not with `shift()`: past ~16,000
 * entries V8 keeps an array's elements where it cannot trim them from the front,
 * so each `shift()` copied the whole list. An engine that fell behind at 100,000
 * monitors spent a fifth of its thread there, which put it further behind.
 */
export class RunQueue {
  private waiting: ((() => Promise<void>) | undefined)[] = [];
  private head = 0;
  private active = 0;

  constructor(private readonly limit: number) {}

  get running(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiting.length - this.head;
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
    while (this.active < this.limit && this.head < this.waiting.length) {
      const task = this.waiting[this.head]!;
      this.waiting[this.head++] = undefined;
      this.active++;
      task().then(this.done, this.done);
    }
    // Drop the part already taken once it is most of the list: amortized, each entry is copied at most once.
    if (this.head === this.waiting.length) {
      this.waiting = [];
      this.head = 0;
    } else if (this.head >= 1024 && this.head * 2 >= this.waiting.length) {
      this.waiting = this.waiting.slice(this.head);
      this.head = 0;
    }
  }
}

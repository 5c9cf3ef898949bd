/**
 * One wake-up for many deadlines: a heap of (key, due) and a single timer armed for the earliest.
 * Work is proportional to what falls due, never to how many keys are waiting. Rescheduling a key
 * replaces its deadline (the old heap entry is skipped when it surfaces).
 */
import { MinHeap } from './heap.js';
import type { Timers } from './timers.js';

interface Item {
  key: string;
  due: number;
}

export class DueTimer {
  private readonly heap = new MinHeap<Item>((item) => item.due);
  private readonly dues = new Map<string, number>();
  private cancel: (() => void) | undefined;
  private wakeAt = Infinity;
  private running = false;

  constructor(
    private readonly timers: Timers,
    /** Called with the keys whose deadline has come, earliest first; they are no longer scheduled. */
    private readonly onDue: (keys: string[], now: number) => void,
  ) {}

  /** Sets (or moves) the deadline of `key`; Infinity or NaN unschedules it. */
  schedule(key: string, due: number): void {
    if (!Number.isFinite(due)) return this.unschedule(key);
    if (this.dues.get(key) === due) return;
    this.dues.set(key, due);
    this.heap.push({ key, due });
    if (this.running && due < this.wakeAt) this.arm();
  }

  unschedule(key: string): void {
    this.dues.delete(key);
  }

  /** The deadline of `key`, if it has one. */
  dueOf(key: string): number | undefined {
    return this.dues.get(key);
  }

  /** Keys waiting for their deadline. */
  get size(): number {
    return this.dues.size;
  }

  start(): void {
    this.running = true;
    this.arm();
  }

  stop(): void {
    this.running = false;
    this.cancel?.();
    this.cancel = undefined;
    this.wakeAt = Infinity;
  }

  /** Hands every key due by now to onDue; the timer calls this, and tests may. */
  fire(): void {
    const now = this.timers.now();
    const due: string[] = [];
    for (let item = this.heap.peek(); item && item.due <= now; item = this.heap.peek()) {
      this.heap.pop();
      if (this.dues.get(item.key) !== item.due) continue;
      this.dues.delete(item.key);
      due.push(item.key);
    }
    this.compact();
    if (due.length > 0) this.onDue(due, now);
    if (this.running) this.arm();
  }

  private arm(): void {
    this.cancel?.();
    this.cancel = undefined;
    this.wakeAt = Infinity;
    const top = this.peekLive();
    if (!top) return;
    this.wakeAt = top.due;
    this.cancel = this.timers.after(top.due - this.timers.now(), () => {
      this.cancel = undefined;
      this.wakeAt = Infinity;
      this.fire();
    });
  }

  /** The earliest entry still current, dropping stale ones on the way. */
  private peekLive(): Item | undefined {
    for (let item = this.heap.peek(); item; item = this.heap.peek()) {
      if (this.dues.get(item.key) === item.due) return item;
      this.heap.pop();
    }
    return undefined;
  }

  /** Stale entries (moved deadlines) are dropped lazily; rebuild when they outnumber live ones. */
  private compact(): void {
    if (this.heap.size < 1024 || this.heap.size < 4 * this.dues.size) return;
    while (this.heap.size > 0) this.heap.pop();
    for (const [key, due] of this.dues) this.heap.push({ key, due });
  }
}

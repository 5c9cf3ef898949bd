/**
 * Timers on a hand-moved clock, for tests: nothing fires until `advance` moves time past it, and
 * then timers fire in due order (ties in the order they were set), each seeing `now()` at its due
 * time. `advance` lets promises settle between timers, and awaits whatever `waitFor` was given
 * (work that crosses a socket, such as a PostgreSQL round trip), so async work a timer starts
 * completes before the next one fires, as it would on a real event loop at these time scales.
 */
import type { Timers } from './timers.js';

interface Pending {
  at: number;
  seq: number;
  fn: () => void;
}

/** A runaway test must fail, not hang: more timers than this in one advance is a bug. */
const MAX_FIRES = 1_000_000;

export class VirtualTimers implements Timers {
  private current: number;
  private seq = 0;
  private pending: Pending[] = [];
  private readonly idle: Array<() => Promise<unknown>> = [];

  constructor(start: number) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  after(ms: number, fn: () => void): () => void {
    const entry = { at: this.current + Math.max(0, ms), seq: this.seq++, fn };
    this.pending.push(entry);
    return () => {
      this.pending = this.pending.filter((p) => p !== entry);
    };
  }

  /** Work to await after each timer fires (and before time moves on). */
  waitFor(idle: () => Promise<unknown>): void {
    this.idle.push(idle);
  }

  /** Timers still waiting. */
  get size(): number {
    return this.pending.length;
  }

  /** When the next timer fires, if any. */
  nextAt(): number | undefined {
    return this.earliest()?.at;
  }

  /** Moves time by `ms`, firing every timer that falls due on the way. */
  async advance(ms: number): Promise<void> {
    await this.advanceTo(this.current + ms);
  }

  async advanceTo(target: number): Promise<void> {
    for (let fired = 0; ; fired++) {
      if (fired > MAX_FIRES) throw new Error(`more than ${MAX_FIRES} timers fired before ${target}: a timer re-arms itself at no delay`);
      await this.settle();
      const next = this.earliest();
      if (!next || next.at > target) break;
      this.pending = this.pending.filter((p) => p !== next);
      this.current = Math.max(this.current, next.at);
      next.fn();
    }
    this.current = Math.max(this.current, target);
    await this.settle();
  }

  private async settle(): Promise<void> {
    await settle();
    for (const idle of this.idle) await idle();
    await settle();
  }

  /** Sets the clock without firing anything (a jump, as after a suspended machine wakes). */
  set(ms: number): void {
    this.current = ms;
  }

  private earliest(): Pending | undefined {
    let best: Pending | undefined;
    for (const p of this.pending) if (!best || p.at < best.at || (p.at === best.at && p.seq < best.seq)) best = p;
    return best;
  }
}

/** Lets pending promise callbacks (and the I/O they chain to in-process) run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

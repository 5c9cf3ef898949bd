/**
 * Attempts still being checked, by key. Each counts as a failure until it settles: otherwise a burst
 * of parallel guesses would all pass the throttle before the first failure is stored.
 */
import type { Tally } from './throttle.js';

export class InFlight {
  private readonly counts = new Map<string, number>();

  /** Claims every key at once (call it before the first await); `others` are the attempts already in flight per key. */
  claim(keys: readonly string[]): { others: number[]; release(): void } {
    const others = keys.map((key) => {
      const n = this.counts.get(key) ?? 0;
      this.counts.set(key, n + 1);
      return n;
    });
    let released = false;
    return {
      others,
      release: () => {
        if (released) return;
        released = true;
        for (const key of keys) {
          const left = (this.counts.get(key) ?? 1) - 1;
          if (left > 0) this.counts.set(key, left);
          else this.counts.delete(key);
        }
      },
    };
  }
}

/** A stored tally with the attempts in flight counted as failures happening now. */
export function withInFlight(tally: Tally, others: number, now: number): Tally {
  return others > 0 ? { count: tally.count + others, lastAt: now } : tally;
}

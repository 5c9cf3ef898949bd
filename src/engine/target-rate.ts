/**
 * At most `rate` check starts per second reach one target (host:port), across all monitors: one
 * start every 1000/rate ms. A start that would come sooner is given the next free slot, so excess
 * runs are delayed and spread evenly, never dropped. Time is an argument: no timer lives here.
 */
export class TargetRate {
  private readonly nextFree = new Map<string, number>();
  private sweepAbove = 10_000;

  constructor(private readonly rate: () => number) {}

  /** Takes the next slot for `target` at or after `now`; returns how long the start must wait (0: at once). */
  reserve(target: string, now: number): number {
    const at = Math.max(now, this.nextFree.get(target) ?? now);
    this.nextFree.set(target, at + 1000 / this.rate());
    if (this.nextFree.size > this.sweepAbove) this.sweep(now);
    return at - now;
  }

  /** Targets whose slots are all in the past hold nothing; forgetting them keeps memory bounded by the busy ones. */
  private sweep(now: number): void {
    for (const [target, free] of this.nextFree) if (free <= now) this.nextFree.delete(target);
    this.sweepAbove = Math.max(10_000, 2 * this.nextFree.size);
  }
}

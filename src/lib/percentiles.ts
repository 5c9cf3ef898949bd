/** Nearest-rank percentile of an ascending-sorted array; 0 for an empty one. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

/**
 * A bounded window of recent samples (a ring buffer) for p50/p99/max of
 * schedule lag: cheap to add to on every check, sorted only when read.
 */
export class SampleWindow {
  private readonly samples: number[] = [];
  private next = 0;

  constructor(private readonly capacity = 4096) {}

  add(value: number): void {
    if (this.samples.length < this.capacity) this.samples.push(value);
    else this.samples[this.next] = value;
    this.next = (this.next + 1) % this.capacity;
  }

  summary(): { count: number; p50: number; p99: number; max: number } {
    const sorted = [...this.samples].sort((a, b) => a - b);
    return {
      count: sorted.length,
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99),
      max: sorted.length ? sorted[sorted.length - 1]! : 0,
    };
  }

  clear(): void {
    this.samples.length = 0;
    this.next = 0;
  }
}

/**
 * Counts of samples at or under each bound since start (a Prometheus histogram's buckets), so a
 * percentile over any stretch of time can be read from two scrapes: the window above only says what
 * the latest few thousand samples were.
 */
export class BucketCounts {
  readonly counts: number[];
  sum = 0;
  count = 0;

  constructor(readonly bounds: readonly number[]) {
    this.counts = bounds.map(() => 0);
  }

  add(value: number): void {
    this.sum += value;
    this.count += 1;
    for (let i = 0; i < this.bounds.length; i++) if (value <= this.bounds[i]!) this.counts[i]! += 1;
  }
}

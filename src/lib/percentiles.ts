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

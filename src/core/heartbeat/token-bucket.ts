/**
 * Per-key token buckets for the ping API: a key (one heartbeat) may burst, then is held to a
 * steady rate. Pure: the caller passes the time, so tests need no clock.
 */
export interface BucketOptions {
  /** Tokens added per second. */
  rate: number;
  /** Most tokens a bucket holds: the burst allowed after a quiet spell. */
  burst: number;
  /** Keys tracked at most; full (idle) buckets are dropped first when the limit is hit. */
  maxKeys?: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly options: BucketOptions) {}

  /** Takes one token for `key` at `now` (ms); false when the bucket is empty. */
  take(key: string, now: number): boolean {
    const bucket = this.refill(key, now);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  get size(): number {
    return this.buckets.size;
  }

  private refill(key: string, now: number): Bucket {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= (this.options.maxKeys ?? 100_000)) this.evictIdle(now);
      bucket = { tokens: this.options.burst, at: now };
      this.buckets.set(key, bucket);
      return bucket;
    }
    const elapsed = Math.max(0, now - bucket.at) / 1000;
    bucket.tokens = Math.min(this.options.burst, bucket.tokens + elapsed * this.options.rate);
    bucket.at = now;
    return bucket;
  }

  /** A bucket that would be full again forgets nothing by being dropped. */
  private evictIdle(now: number): void {
    const fullAfterMs = (this.options.burst / this.options.rate) * 1000;
    for (const [key, bucket] of this.buckets) if (now - bucket.at >= fullAfterMs) this.buckets.delete(key);
    // Still full of busy keys: drop the oldest half rather than grow without bound.
    if (this.buckets.size >= (this.options.maxKeys ?? 100_000)) {
      let drop = Math.ceil(this.buckets.size / 2);
      for (const key of this.buckets.keys()) {
        if (drop-- <= 0) break;
        this.buckets.delete(key);
      }
    }
  }
}

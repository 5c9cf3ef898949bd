/**
 * Answers kept for a while, by key: registries rate-limit RDAP, and an expiry date changes at most
 * once a year, so a domain is looked up at most daily whatever the monitor's interval. Bounded:
 * past `maxEntries` the oldest answer goes.
 */
export class LookupCache<T> {
  private readonly entries = new Map<string, { value: T; at: number }>();

  constructor(
    private readonly now: () => number,
    private readonly maxEntries = 50_000,
  ) {}

  /** The value stored under `key` if it is younger than `maxAgeMs`, with when it was stored. */
  get(key: string, maxAgeMs: (value: T) => number): { value: T; at: number } | undefined {
    const entry = this.entries.get(key);
    if (!entry || this.now() - entry.at >= maxAgeMs(entry.value)) return undefined;
    return entry;
  }

  set(key: string, value: T): void {
    this.entries.delete(key);
    this.entries.set(key, { value, at: this.now() });
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }
}

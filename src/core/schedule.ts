/**
 * Stable phases: each monitor runs at the same offset within its interval on
 * every start, derived from its id. Monitors spread evenly over the interval
 * (no thundering herd at start or on the minute) and a restart does not move them.
 */
export function phaseOffset(id: string, interval: number): number {
  return fnv1a(id) % interval;
}

/** The first slot strictly after `after` for a monitor with this interval and offset. */
export function nextSlot(after: number, interval: number, offset: number): number {
  const k = Math.floor((after - offset) / interval) + 1;
  return k * interval + offset;
}

/** A new monitor's first check comes within this long (or within its interval, when shorter). */
export const FIRST_CHECK_WITHIN = 5000;

/**
 * When a monitor just added (start, reload, API) runs first, and whether that is already its stable
 * slot. One with a result younger than its interval (tocsin restarted) waits for its slot: the gap
 * is then under two intervals, below the stale threshold (2 × interval + timeout), and its target is
 * not asked twice in a row. Any other is checked within a few seconds, at an offset hashed from its
 * id so that 10,000 new monitors spread over those seconds instead of firing in the same one.
 */
export function firstDue(id: string, interval: number, now: number, lastResultAt?: number): { due: number; onSlot: boolean } {
  if (lastResultAt !== undefined && now - lastResultAt < interval) return { due: nextSlot(now, interval, phaseOffset(id, interval)), onSlot: true };
  return { due: now + (fnv1a(id) % Math.min(FIRST_CHECK_WITHIN, interval)), onSlot: false };
}

/** The stable slot after a first check made off it at `ranAt`: at least half an interval later, so two runs never come back to back. */
export function settledSlot(ranAt: number, interval: number, offset: number): number {
  return nextSlot(ranAt + interval / 2, interval, offset);
}

/** 32-bit FNV-1a: fast, well spread, and the same on every platform. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

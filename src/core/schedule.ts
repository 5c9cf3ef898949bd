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

/** A new monitor's first check comes within this long (or within its interval, when shorter)… */
export const FIRST_CHECK_WITHIN = 5000;
/** …unless more monitors arrive at once than first checks at this rate fit in it: then the window grows. */
export const FIRST_CHECKS_PER_SECOND = 500;

/** How long `count` monitors added together take for their first checks: 5 s, or longer for a crowd. */
export function firstCheckWindow(count: number): number {
  return Math.max(FIRST_CHECK_WITHIN, Math.ceil((count / FIRST_CHECKS_PER_SECOND) * 1000));
}

/**
 * When a monitor just added (start, reload, API) runs first, and whether that is already its stable
 * slot. Its slot, when that comes soon enough: the interval is at most the first-check window, or
 * the last result is younger than the interval (tocsin restarted; the gap is then under two
 * intervals, below the stale threshold of 2 × interval + timeout, and the target is not asked twice
 * in a row). Otherwise within the window, at an offset hashed from its id, so new monitors spread
 * over it at FIRST_CHECKS_PER_SECOND at most, never all in one second.
 */
export function firstDue(id: string, interval: number, now: number, lastResultAt?: number, window = FIRST_CHECK_WITHIN): { due: number; onSlot: boolean } {
  const recent = lastResultAt !== undefined && now - lastResultAt < interval;
  if (recent || interval <= window) return { due: nextSlot(now, interval, phaseOffset(id, interval)), onSlot: true };
  return { due: now + (fnv1a(id) % window), onSlot: false };
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

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

/** 32-bit FNV-1a: fast, well spread, and the same on every platform. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

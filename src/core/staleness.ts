/**
 * When a shown result may no longer be true (docs/states.md, "stale"): a polled monitor that has had
 * no result for 2 × interval + timeout has missed at least one run it should have finished. Pure.
 */
export interface Cadence {
  interval: number;
  timeout: number;
}

export function staleAfterMs(cadence: Cadence): number {
  return 2 * cadence.interval + cadence.timeout;
}

/** Only polled monitors go stale this way: heartbeats and inbound alerts arrive when they arrive. */
export function isStale(cadence: Cadence | undefined, lastAt: number | undefined, now: number): boolean {
  return cadence !== undefined && lastAt !== undefined && now - lastAt > staleAfterMs(cadence);
}

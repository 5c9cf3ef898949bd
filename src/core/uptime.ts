/** Uptime arithmetic (docs/states.md, "Uptime"). Pure. */

/** Results of one monitor over some window, by status; `excluded` were pending or in maintenance. */
export interface UptimeCounts {
  up: number;
  degraded: number;
  down: number;
  unknown: number;
  excluded: number;
}

export const NO_RESULTS: UptimeCounts = { up: 0, degraded: 0, down: 0, unknown: 0, excluded: 0 };

/**
 * Share of judged results in which the target was available, as a percentage. Degraded counts as
 * available: it answered, only slowly or partly. Unknown and excluded results are in neither part.
 * Null when nothing counted, which is "no data", not 0 % or 100 %.
 */
export function uptimePercent(c: Pick<UptimeCounts, 'up' | 'degraded' | 'down'>): number | null {
  const judged = c.up + c.degraded + c.down;
  return judged === 0 ? null : ((c.up + c.degraded) / judged) * 100;
}

export function sumCounts(a: UptimeCounts, b: UptimeCounts): UptimeCounts {
  return { up: a.up + b.up, degraded: a.degraded + b.degraded, down: a.down + b.down, unknown: a.unknown + b.unknown, excluded: a.excluded + b.excluded };
}

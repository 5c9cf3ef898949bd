/** Pure arithmetic shared by rollups and their readers: buckets, nearest-rank percentiles, uptime. */
import type { RollupPeriod } from './schema.js';

export const PERIOD_MS: Record<RollupPeriod, number> = { hour: 3_600_000, day: 86_400_000 };

/** Every size results are rolled up to: minutes (their own table, keyed like results) and the periods of `rollups`. */
export type Grain = 'minute' | RollupPeriod;
export const GRAIN_MS: Record<Grain, number> = { minute: 60_000, ...PERIOD_MS };

/** Start of the UTC minute, hour or day containing `ms` (epoch ms count UTC days exactly: no leap seconds). */
export function bucketStart(ms: number, period: Grain): number {
  const size = GRAIN_MS[period];
  return ms - (((ms % size) + size) % size);
}

/**
 * 1-based rank of the p-th percentile among n sorted values, nearest-rank method: ceil(p/100 · n).
 * Written in integer arithmetic because the SQL that picks the row uses the same formula.
 */
export function nearestRank(p: number, n: number): number {
  return Math.floor((p * n + 99) / 100);
}

/** The p-th percentile (nearest rank) of `values`, or null when there are none. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[nearestRank(p, sorted.length) - 1] ?? null;
}

export { uptimePercent } from '../core/uptime.js';

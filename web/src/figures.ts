/** Pure figures from results: what rows show. */
import type { Point, Result } from './types.js';

/** Pure: the row's sparkline and TLS days left from recent results (newest first). */
export function summarise(results: Result[]): { points: Point[]; tlsDaysLeft?: number } {
  const points = results.filter((r) => !r.missed).slice().reverse().map((r) => ({ latency: r.latency_ms, status: r.status }));
  const tls = results.find((r) => r.metrics && typeof r.metrics.tls_days_left === 'number')?.metrics?.tls_days_left;
  return tls === undefined ? { points } : { points, tlsDaysLeft: tls };
}

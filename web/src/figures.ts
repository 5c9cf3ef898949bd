/** Pure figures from results: what rows show. */
import type { Point, Result } from './types.js';

/** Pure: the row's sparkline and TLS days left from recent results (newest first). */
export function summarise(results: Result[]): { points: Point[]; tlsDaysLeft?: number } {
  const points = results
    .filter((r) => !r.missed)
    .slice()
    .reverse()
    .map((r) => ({ latency: r.latency_ms, status: r.status }));
  const tls = results.find((r) => r.metrics && typeof r.metrics.tls_days_left === 'number')?.metrics?.tls_days_left;
  return tls === undefined ? { points } : { points, tlsDaysLeft: tls };
}

/**
 * Pure: average and 95th percentile latency of the results that got an answer (up or degraded):
 * a timeout's latency is the deadline, not how fast the service is.
 */
export function latencyFigures(results: readonly Result[]): { count: number; average?: number; p95?: number } {
  const answered = results
    .filter((r) => !r.missed && (r.status === 'up' || r.status === 'degraded'))
    .map((r) => r.latency_ms)
    .sort((a, b) => a - b);
  if (answered.length === 0) return { count: 0 };
  const average = answered.reduce((sum, v) => sum + v, 0) / answered.length;
  // Nearest rank: the smallest value with at least 95 % of the results at or below it.
  const p95 = answered[Math.max(0, Math.ceil(0.95 * answered.length) - 1)] as number;
  return { count: answered.length, average, p95 };
}

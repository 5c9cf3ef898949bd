/** Pure figures from results and rollups: what rows and charts show. */
import type { Point, Result, Rollup } from './types.js';

const DAY = 86_400_000;

/** Pure: the row's figures from recent results (newest first) and hourly rollups. */
export function summarise(results: Result[], hours: Rollup[], now: number): { points: Point[]; uptime24h?: number; uptime30d?: number; tlsDaysLeft?: number } {
  const points = results.filter((r) => !r.missed).slice().reverse().map((r) => ({ latency: r.latency_ms, status: r.status }));
  const tls = results.find((r) => r.metrics && typeof r.metrics.tls_days_left === 'number')?.metrics?.tls_days_left;
  return { points, uptime24h: uptime(hours.filter((h) => h.bucket >= now - DAY)), uptime30d: uptime(hours), tlsDaysLeft: tls };
}

/** Degraded counts as up for uptime, as status pages count it: the service answered. */
export function uptime(rollups: Rollup[]): number | undefined {
  const total = rollups.reduce((n, r) => n + r.count, 0);
  return total ? rollups.reduce((n, r) => n + r.up + r.degraded, 0) / total : undefined;
}


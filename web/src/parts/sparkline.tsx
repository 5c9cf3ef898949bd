/** A latency sparkline in plain SVG: uPlot is kept for the detail chart, rows need something this light. */
import type { Point } from '../types.js';

export type { Point };

export function Sparkline({ points, width = 120, height = 28 }: { points: Point[]; width?: number; height?: number }) {
  if (points.length < 2) return <svg class="spark" width={width} height={height} aria-hidden="true" />;
  const max = Math.max(...points.map((p) => p.latency), 1);
  const step = width / (points.length - 1);
  const y = (v: number) => height - 2 - (v / max) * (height - 4);
  const line = points.map((p, i) => `${(i * step).toFixed(1)},${y(p.latency).toFixed(1)}`).join(' ');
  const label = `latency of the last ${points.length} checks, up to ${Math.round(max)} ms`;
  return (
    <svg class="spark" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label}>
      <title>{label}</title>
      <polyline points={line} fill="none" stroke="currentColor" stroke-width="1.5" />
      {points.map((p, i) =>
        p.status === 'up' ? null : <circle key={i} cx={i * step} cy={y(p.latency)} r="2.5" class={`mark-${p.status}`} />,
      )}
    </svg>
  );
}

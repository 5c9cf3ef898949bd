/**
 * Latency over a chosen range with uPlot: raw results for short ranges (failures marked in red),
 * hourly or daily rollups (p50, p95, and the runs that failed) for long ones. uPlot is loaded only
 * when a chart is shown, keeping the first paint light.
 */
import { useEffect, useRef } from 'preact/hooks';
import type uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { ResultsPage } from '../types.js';

type Series = (number | null)[];

/** Pure: the columns uPlot draws, time in seconds, oldest first. */
export function columns(page: ResultsPage): { x: number[]; lines: Series[]; failed: Series; labels: string[] } {
  if (page.resolution === 'raw') {
    const rows = page.results
      .filter((r) => !r.missed)
      .slice()
      .reverse();
    return {
      x: rows.map((r) => r.at / 1000),
      lines: [rows.map((r) => r.latency_ms)],
      failed: rows.map((r) => (r.status === 'up' ? null : r.latency_ms)),
      labels: ['latency'],
    };
  }
  const rows = page.rollups;
  return {
    x: rows.map((r) => r.bucket / 1000),
    lines: [rows.map((r) => r.latency_p50_ms), rows.map((r) => r.latency_p95_ms)],
    failed: rows.map((r) => (r.down + r.degraded > 0 ? (r.latency_p95_ms ?? r.latency_p50_ms) : null)),
    labels: ['p50', 'p95'],
  };
}

function css(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888';
}

export function LatencyChart({ page }: { page: ResultsPage }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = host.current;
    if (!el) return;
    let chart: uPlot | undefined;
    let cancelled = false;
    const data = columns(page);
    void import('uplot').then(({ default: UPlot }) => {
      if (cancelled) return;
      const colours = [css('--accent'), css('--muted')];
      const opts: uPlot.Options = {
        width: el.clientWidth || 600,
        height: 220,
        legend: { show: true },
        cursor: { drag: { x: true, y: false } },
        // From zero: 10 ms of jitter on a 1.5 s answer is not a spike.
        scales: { y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] } },
        axes: [
          { stroke: css('--text'), grid: { stroke: css('--line') } },
          {
            stroke: css('--text'),
            grid: { stroke: css('--line') },
            values: (_u, ticks) => ticks.map((t) => (t >= 1000 ? `${t / 1000} s` : `${t} ms`)),
            size: 60,
          },
        ],
        series: [
          {},
          ...data.labels.map((label, i) => ({ label, stroke: colours[i], width: 1.5, points: { show: false } })),
          { label: 'failed', stroke: css('--down'), width: 0, paths: () => null, points: { show: true, size: 7, fill: css('--down'), stroke: css('--down') } },
        ],
      };
      chart = new UPlot(opts, [data.x, ...data.lines, data.failed] as uPlot.AlignedData, el);
    });
    const resize = () => chart?.setSize({ width: el.clientWidth, height: 220 });
    window.addEventListener('resize', resize);
    return () => {
      cancelled = true;
      window.removeEventListener('resize', resize);
      chart?.destroy();
    };
  }, [page]);
  const empty = page.resolution === 'raw' ? page.results.length === 0 : page.rollups.length === 0;
  if (empty) return <p class="muted chart-empty">No results in this range yet.</p>;
  return <div ref={host} class="chart" aria-label="Latency chart" role="img" />;
}

/**
 * CI health: the failure rate of CI jobs per group (a region, a runner pool) over time, for each ci
 * monitor or for all jobs by runner label, beside the monitors' verdicts and the intakes that feed
 * them. One line per group makes a region that departs from the others plain to see.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { query } from '../api.js';
import { useApi } from '../data.js';
import { ago, when } from '../format.js';
import { useLive } from '../live.js';
import { Problem } from '../parts/banner.js';
import { StatusBadge, shownStatus } from '../parts/status.js';
import type { Monitor } from '../types.js';

interface Point {
  at: number;
  jobs: number;
  failures: number;
  infra: number;
}
interface Series {
  group: string;
  points: Point[];
}
interface SeriesAnswer {
  from: number;
  to: number;
  bucket_ms: number;
  partial: boolean;
  series: Series[];
}
interface Intake {
  system: string;
  path: string;
  configured: boolean;
  proof: string;
  jobs: number;
  last_received_at: number | null;
}

/** Label, span, bucket: buckets wide enough that a quiet night's one failed job is not a 100% spike. */
const SPANS: [string, string, string][] = [
  ['6 h', '6h', '10m'],
  ['24 h', '24h', '30m'],
  ['7 d', '7d', '3h'],
];

const rate = (n: number, of: number) => (of === 0 ? '—' : `${((100 * n) / of).toFixed(n * 1000 < of ? 1 : 0)}%`);

/** Pure: uPlot's columns, time in seconds; a bucket without jobs is a gap, not a 0% that never happened. */
export function ciColumns(answer: SeriesAnswer): { x: number[]; lines: Array<Array<number | null>>; labels: string[] } {
  const x = (answer.series[0]?.points ?? []).map((p) => p.at / 1000);
  return {
    x,
    lines: answer.series.map((s) => s.points.map((p) => (p.jobs === 0 ? null : (100 * p.failures) / p.jobs))),
    labels: answer.series.map((s) => s.group),
  };
}

function css(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888';
}

/** Mid-tone hues that read on the light and the dark theme and stay apart from each other. */
const PALETTE = ['#2563eb', '#dc2626', '#16a34a', '#d97706', '#7c3aed', '#0891b2', '#db2777', '#65a30d', '#64748b', '#a16207'];

function FailureChart({ answer }: { answer: SeriesAnswer }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = host.current;
    if (!el) return;
    let chart: uPlot | undefined;
    let cancelled = false;
    const data = ciColumns(answer);
    void import('uplot').then(({ default: UPlot }) => {
      if (cancelled) return;
      const colour = (i: number) => PALETTE[i % PALETTE.length]!;
      const opts: uPlot.Options = {
        width: el.clientWidth || 600,
        height: 260,
        legend: { show: true },
        scales: { y: { range: (_u, _min, max) => [0, Math.max(10, Math.ceil(max * 1.1))] } },
        axes: [
          { stroke: css('--text'), grid: { stroke: css('--line') } },
          { stroke: css('--text'), grid: { stroke: css('--line') }, values: (_u, ticks) => ticks.map((t) => `${t}%`), size: 50 },
        ],
        series: [
          {},
          ...data.labels.map((label, i) => ({
            label,
            stroke: colour(i),
            width: 1.5,
            spanGaps: false,
            points: { show: false },
            value: (_u: uPlot, v: number | null) => (v === null ? '—' : `${v.toFixed(1)}%`),
          })),
        ],
      };
      chart = new UPlot(opts, [data.x, ...data.lines] as uPlot.AlignedData, el);
    });
    const resize = () => chart?.setSize({ width: el.clientWidth, height: 260 });
    window.addEventListener('resize', resize);
    return () => {
      cancelled = true;
      window.removeEventListener('resize', resize);
      chart?.destroy();
    };
  }, [answer]);
  return <div class="chart" ref={host} role="img" aria-label="Failure rate of CI jobs per group over time" />;
}

function GroupTable({ series }: { series: Series[] }) {
  const totals = series.map((s) => ({
    group: s.group,
    jobs: s.points.reduce((n, p) => n + p.jobs, 0),
    failures: s.points.reduce((n, p) => n + p.failures, 0),
    infra: s.points.reduce((n, p) => n + p.infra, 0),
  }));
  return (
    <table class="results">
      <thead>
        <tr>
          <th>Group</th>
          <th>Jobs</th>
          <th>Failed</th>
          <th title="Timeouts, lost runners, system cancellations">Infrastructure</th>
        </tr>
      </thead>
      <tbody>
        {totals.map((t) => (
          <tr key={t.group}>
            <td>
              <code>{t.group}</code>
            </td>
            <td>{t.jobs}</td>
            <td>{rate(t.failures, t.jobs)}</td>
            <td>{rate(t.infra, t.jobs)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Intakes() {
  const answer = useApi<{ intakes: Intake[] }>('/api/v1/ci/intakes', 60_000);
  return (
    <div class="card">
      <h2>Intakes</h2>
      <p class="muted small">Point each CI system's webhook at its address; tocsin keeps finished jobs only.</p>
      <Problem error={answer.error} what="the CI intakes" />
      <ul class="plain" aria-label="CI intakes">
        {answer.data?.intakes.map((i) => (
          <li key={i.system}>
            <strong>{i.system}</strong>{' '}
            {i.configured ? <code class="wrap">POST {location.origin + i.path}</code> : <span class="muted">not configured (ci_intake.{i.system})</span>}
            <div class="muted small">
              {i.proof} · {i.jobs} jobs kept · last received{' '}
              <span title={i.last_received_at ? when(i.last_received_at) : undefined}>{i.last_received_at ? ago(i.last_received_at) : 'never'}</span>
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function Ci() {
  const monitors = useApi<{ monitors: Monitor[] }>('/api/v1/monitors?type=ci', 30_000);
  const [picked, setPicked] = useState<string | undefined>(undefined);
  const [span, setSpan] = useState(SPANS[1]!);
  const list = monitors.data?.monitors ?? [];
  // '' is every job by runner label; a monitor id charts that monitor's selection and grouping.
  const shown = picked ?? list[0]?.id ?? '';
  const chart = useApi<SeriesAnswer>(`/api/v1/ci/series${query({ monitor: shown || undefined, span: span[1], bucket: span[2] })}`, 60_000);
  useLive(
    (event) => {
      if (event.type === 'monitor' || event.type === 'state') monitors.reload();
    },
    [monitors.reload],
  );
  const monitor = list.find((m) => m.id === shown);
  return (
    <section aria-labelledby="ci-h">
      <div class="titlebar">
        <h1 id="ci-h">CI health</h1>
        <span class="muted">Failure rates of CI jobs per runner group; a ci monitor pages when one group departs from its baseline.</span>
        <a class="button primary" href="/monitors/new?type=ci">
          New ci monitor
        </a>
      </div>
      <Problem error={monitors.error} what="the ci monitors" />
      <div class="split">
        <ul class="plain picker" aria-label="CI monitors">
          {list.map((m) => (
            <li key={m.id}>
              <button type="button" class="row-button" aria-pressed={m.id === shown} onClick={() => setPicked(m.id)}>
                <StatusBadge status={shownStatus(m)} small /> <strong>{m.name}</strong>
              </button>
            </li>
          ))}
          <li>
            <button type="button" class="row-button" aria-pressed={shown === ''} onClick={() => setPicked('')}>
              <strong>All jobs</strong> <span class="muted small">by runner label</span>
            </button>
          </li>
        </ul>
        <div class="card">
          <div class="titlebar">
            <h2>{monitor ? monitor.name : 'All jobs by runner label'}</h2>
            <div class="segmented" role="group" aria-label="Range">
              {SPANS.map((s) => (
                <button key={s[0]} type="button" aria-pressed={span === s} onClick={() => setSpan(s)}>
                  {s[0]}
                </button>
              ))}
            </div>
          </div>
          {monitor?.state?.last_message && (
            <p class={`msg${monitor.state.status === 'down' ? ' down' : ''}`}>
              <StatusBadge status={shownStatus(monitor)} small /> {monitor.state.last_message}
            </p>
          )}
          <Problem error={chart.error} what="the failure rates" />
          {chart.data && chart.data.series.length === 0 && (
            <p class="chart-empty muted">No CI jobs in this range. Point a CI system's webhook at one of the intakes below.</p>
          )}
          {chart.data && chart.data.series.length > 0 && (
            <>
              <FailureChart answer={chart.data} />
              <p class="muted small">Share of jobs that failed per {span[2]} bucket, one line per group (the busiest first); gaps are buckets without jobs.</p>
              <GroupTable series={chart.data.series} />
              {chart.data.partial && <p class="muted small">Too many jobs in this range: the chart shows the oldest 500,000.</p>}
            </>
          )}
        </div>
      </div>
      <Intakes />
    </section>
  );
}

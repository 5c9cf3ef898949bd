/** Uptime over the usual windows, from /api/v1/uptime: the status page's figure, exact to the result. */
import { useApi } from '../data.js';
import { latencyFigures, summarise } from '../figures.js';
import { ms, uptimeText } from '../format.js';
import type { Result } from '../types.js';
import { percents, type UptimeAnswer } from '../stats.js';

const WINDOWS = ['24h', '7d', '30d', '90d'] as const;
const LABEL: Record<(typeof WINDOWS)[number], string> = { '24h': '24 hours', '7d': '7 days', '30d': '30 days', '90d': '90 days' };

export function UptimeFigures({ id, results }: { id: string; results: Result[] }) {
  const answer = useApi<UptimeAnswer>(`/api/v1/uptime?windows=${WINDOWS.join(',')}&ids=${encodeURIComponent(id)}`, 60_000);
  const figures = answer.data ? percents(answer.data, id) : undefined;
  const latency = latencyFigures(results);
  const { tlsDaysLeft } = summarise(results);
  return (
    <dl class="figures" aria-label="Uptime">
      {WINDOWS.map((w, i) => {
        const percent = figures ? (figures[i] ?? null) : undefined;
        return (
          <div key={w} data-uptime={w}>
            <dt>Uptime {LABEL[w]}</dt>
            <dd title={percent === null ? 'No judged result in this window: pending, unknown and maintenance results do not count' : undefined}>
              {uptimeText(percent)}
            </dd>
          </div>
        );
      })}
      <div data-figure="latency-average">
        <dt>Latency, average</dt>
        <dd title={`Of the last ${latency.count} answered checks`}>{ms(latency.average)}</dd>
      </div>
      <div data-figure="latency-p95">
        <dt>Latency, 95th pct</dt>
        <dd title={`Of the last ${latency.count} answered checks`}>{ms(latency.p95)}</dd>
      </div>
      {tlsDaysLeft !== undefined && (
        <div data-figure="tls-days">
          <dt>Certificate</dt>
          <dd class={tlsDaysLeft < 14 ? 'warn-text' : undefined}>{Math.floor(tlsDaysLeft)} days left</dd>
        </div>
      )}
    </dl>
  );
}

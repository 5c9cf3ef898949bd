import { ago, ms, uptimeText } from '../format.js';
import { target } from '../monitors.js';
import { Markers } from '../parts/markers.js';
import { Sparkline } from '../parts/sparkline.js';
import { StatusBadge, shownStatus } from '../parts/status.js';
import { markersOf } from '../markers.js';
import { stats, uptimes } from '../stats.js';
import { useBox } from '../store.js';
import type { Monitor } from '../types.js';

export const ROW_HEIGHT = 56;

export function MonitorRow({ monitor: m }: { monitor: Monitor }) {
  const figures = useBox(stats).get(m.id);
  const uptime = useBox(uptimes).get(m.id);
  const state = m.state;
  const tls = figures?.tlsDaysLeft;
  const markers = markersOf(m);
  return (
    <a class="vrow-grid row" href={`/monitors/${encodeURIComponent(m.id)}`} data-monitor={m.id}>
      <span class="state-cell" title={markers.map((x) => x.label).join(', ') || undefined}>
        <StatusBadge status={shownStatus(m)} small />
        <Markers monitor={m} />
      </span>
      <span class="who">
        <strong>{m.name}</strong>
        <span class="muted small ellipsis">
          {m.type} · {target(m) || m.id}
        </span>
      </span>
      <span class="ellipsis small" title={state?.last_message}>
        {state?.last_message ?? 'not checked yet'}
        <span class="muted"> · {ago(state?.last_at)}</span>
      </span>
      <span class="latency">
        <Sparkline points={figures?.points ?? []} width={90} height={24} />
        <span class="small">{ms(state?.last_latency_ms)}</span>
      </span>
      <span class="num" data-uptime="24h">{uptimeText(uptime?.['24h'])}</span>
      <span class="num" data-uptime="30d">{uptimeText(uptime?.['30d'])}</span>
      <span class={`num${tls !== undefined && tls < 14 ? ' warn-text' : ''}`}>{tls === undefined ? '' : `${Math.floor(tls)} d`}</span>
    </a>
  );
}

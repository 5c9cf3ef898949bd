import { ago, ms, percent } from '../format.js';
import { target } from '../monitors.js';
import { Sparkline } from '../parts/sparkline.js';
import { StatusBadge, shownStatus } from '../parts/status.js';
import { stats } from '../stats.js';
import { useBox } from '../store.js';
import type { Monitor } from '../types.js';

export const ROW_HEIGHT = 56;

export function MonitorRow({ monitor: m }: { monitor: Monitor }) {
  const figures = useBox(stats).get(m.id);
  const state = m.state;
  const tls = figures?.tlsDaysLeft;
  return (
    <a class="vrow-grid row" href={`/monitors/${encodeURIComponent(m.id)}`} data-monitor={m.id}>
      <span>
        <StatusBadge status={shownStatus(m)} small />
        {state?.acknowledged && <span class="chip" title={`acknowledged by ${state.acknowledged.by}`}>ack</span>}
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
      <span class="num">{percent(figures?.uptime24h)}</span>
      <span class="num">{percent(figures?.uptime30d)}</span>
      <span class={`num${tls !== undefined && tls < 14 ? ' warn-text' : ''}`}>{tls === undefined ? '' : `${Math.floor(tls)} d`}</span>
    </a>
  );
}

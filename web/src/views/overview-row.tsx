import { ago, ms, uptimeText } from '../format.js';
import { markersOf } from '../markers.js';
import { target } from '../monitors.js';
import { Beads } from '../parts/beads.js';
import { Markers } from '../parts/markers.js';
import { StatusBadge, shownStatus } from '../parts/status.js';
import { stats, uptimes } from '../stats.js';
import { canWrite } from '../session.js';
import { session, useBox } from '../store.js';
import type { Monitor } from '../types.js';
import { silencing } from './silence-dialog.js';

export const ROW_HEIGHT = 56;
const BEADS = 20;

/** The name's link covers the whole row (a click anywhere opens the monitor); the beads sit above it, to be hovered and focused. */
export function MonitorRow({ monitor: m }: { monitor: Monitor }) {
  const figures = useBox(stats).get(m.id);
  const uptime = useBox(uptimes).get(m.id);
  const state = m.state;
  const tls = figures?.tlsDaysLeft;
  const markers = markersOf(m);
  const writer = canWrite(useBox(session).user);
  return (
    <div class="vrow-grid row" data-monitor={m.id}>
      <span class="state-cell" title={markers.map((x) => x.label).join(', ') || undefined}>
        <StatusBadge status={shownStatus(m)} small />
        <Markers monitor={m} />
      </span>
      <span class="who">
        <a class="rowlink" href={`/monitors/${encodeURIComponent(m.id)}`}>
          <strong>{m.name}</strong>
        </a>
        <span class="muted small ellipsis">
          {m.type} · {target(m) || m.id}
        </span>
      </span>
      <span class="ellipsis small" title={state?.last_message}>
        {state?.last_message ?? (m.type === 'heartbeat' ? 'no ping yet' : 'not checked yet')}
        <span class="muted"> · {ago(state?.last_at)}</span>
      </span>
      <span class="history">{figures ? <Beads results={figures.results} count={BEADS} label={m.name} /> : null}</span>
      <span class="num small">{ms(state?.last_latency_ms)}</span>
      <span class="num" data-uptime="24h">
        {uptimeText(uptime?.['24h'])}
      </span>
      <span class="num" data-uptime="30d">
        {uptimeText(uptime?.['30d'])}
      </span>
      <span class={`num${tls !== undefined && tls < 14 ? ' warn-text' : ''}`}>{tls === undefined ? '' : `${Math.floor(tls)} d`}</span>
      <span class="rowactions">
        {writer && !m.paused && !state?.silenced && (
          <button
            type="button"
            class="rowaction"
            aria-label={`Silence ${m.name}`}
            title="Silence: no pages for a while"
            onClick={() => silencing.set({ id: m.id, name: m.name })}
          >
            <svg aria-hidden="true" viewBox="0 0 16 16" width="16" height="16">
              <path
                d="M8 1.5a4 4 0 0 0-4 4v3L2.5 11h11L12 8.5v-3a4 4 0 0 0-4-4zM6.5 12.5a1.5 1.5 0 0 0 3 0M2 2l12 12"
                fill="none"
                stroke="currentColor"
                stroke-width="1.4"
              />
            </svg>
          </button>
        )}
      </span>
    </div>
  );
}

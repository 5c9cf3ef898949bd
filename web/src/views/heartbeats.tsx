/** Every heartbeat with its state and ping URLs, so wiring a cron job takes one copy and paste. */
import { useState } from 'preact/hooks';
import { useApi } from '../data.js';
import { ago } from '../format.js';
import { useLive } from '../live.js';
import { Problem } from '../parts/banner.js';
import { StatusBadge, shownStatus } from '../parts/status.js';
import type { Monitor } from '../types.js';
import { HeartbeatHelp } from './heartbeat-help.js';

export function Heartbeats() {
  const answer = useApi<{ monitors: Monitor[] }>('/api/v1/monitors?type=heartbeat', 30_000);
  const [open, setOpen] = useState<string | undefined>(undefined);
  useLive((event) => {
    if (event.type === 'monitor') answer.reload();
  }, [answer.reload]);
  const list = answer.data?.monitors ?? [];
  const shown = open ?? list[0]?.id;
  return (
    <section aria-labelledby="hb-h">
      <div class="titlebar">
        <h1 id="hb-h">Heartbeats</h1>
        <span class="muted">Jobs that report to tocsin; it pages when a ping is late, reports failure, or a run never finishes.</span>
        <a class="button primary" href="/monitors/new?type=heartbeat">
          New heartbeat
        </a>
      </div>
      <Problem error={answer.error} what="the heartbeats" />
      {answer.data && list.length === 0 && (
        <div class="card empty">
          <h2>No heartbeats yet</h2>
          <p>A heartbeat expects a ping from a scheduled job — a backup, a certificate renewal — and pages when it stops coming.</p>
        </div>
      )}
      <div class="split">
        <ul class="plain picker" aria-label="Heartbeats">
          {list.map((m) => (
            <li key={m.id}>
              <button type="button" class="row-button" aria-pressed={m.id === shown} onClick={() => setOpen(m.id)}>
                <StatusBadge status={shownStatus(m)} small /> <strong>{m.name}</strong>
                <span class="muted small"> last ping {ago(m.state?.last_at)}</span>
              </button>
            </li>
          ))}
        </ul>
        <div>
          {list
            .filter((m) => m.id === shown)
            .map((m) => (
              <div key={m.id}>
                <p>
                  <a href={`/monitors/${encodeURIComponent(m.id)}`}>{m.name}</a>: {m.state?.last_message ?? 'no ping yet'}
                </p>
                <HeartbeatHelp monitor={m} />
              </div>
            ))}
        </div>
      </div>
    </section>
  );
}

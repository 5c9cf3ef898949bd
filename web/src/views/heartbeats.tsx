/** Every heartbeat with its state and ping URLs, so wiring a cron job takes one copy and paste. */
import { useState } from 'preact/hooks';
import { useApi } from '../data.js';
import { ago, span, when } from '../format.js';
import { useLive } from '../live.js';
import { Problem } from '../parts/banner.js';
import { StatusBadge, shownStatus } from '../parts/status.js';
import { Markers } from '../parts/markers.js';
import type { Monitor } from '../types.js';
import { HeartbeatHelp } from './heartbeat-help.js';

export function Heartbeats() {
  const answer = useApi<{ monitors: Monitor[] }>('/api/v1/monitors?type=heartbeat', 30_000);
  const pings = useApi<{ heartbeats: Ping[] }>('/api/v1/heartbeats', 30_000);
  const [open, setOpen] = useState<string | undefined>(undefined);
  useLive(
    (event) => {
      if (event.type === 'monitor') answer.reload();
      // A ping changes the state's last result; the ping times follow it.
      if (event.type === 'monitor' || event.type === 'state') pings.reload();
    },
    [answer.reload, pings.reload],
  );
  const pingOf = new Map((pings.data?.heartbeats ?? []).map((p) => [p.id, p]));
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
                <Markers monitor={m} />
                <PingTimes ping={pingOf.get(m.id)} />
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

/** GET /api/v1/heartbeats: the last ping received, never the time of the last evaluation. */
interface Ping {
  id: string;
  last_ping_at: number | null;
  expected_at: number | null;
  due_at: number | null;
}

function PingTimes({ ping }: { ping: Ping | undefined }) {
  if (!ping) return <span class="muted small pingtimes">…</span>;
  const now = Date.now();
  const due = ping.due_at;
  return (
    <span class="muted small pingtimes" data-testid="ping-times">
      <span data-last-ping={ping.last_ping_at ?? ''} title={ping.last_ping_at ? when(ping.last_ping_at) : undefined}>
        {ping.last_ping_at ? `last ping ${ago(ping.last_ping_at, now)}` : 'no ping yet'}
      </span>
      {due !== null && (
        <span title={`expected ${when(ping.expected_at)}, late after ${when(due)}`}>
          {' · '}
          {due >= now ? `due ${ago(due, now)}` : `late by ${span(now - due)}`}
        </span>
      )}
    </span>
  );
}

/** Two small lists on a monitor's page: the runs its heartbeat pings reported, and the notifications sent about it. */
import { useApi } from '../data.js';
import { ago, ms, when } from '../format.js';
import { Problem } from '../parts/banner.js';

interface Run {
  id: string;
  kind: string;
  at: number;
  started_at: number | null;
  duration_ms: number | null;
  exit_status: number | null;
  log: string | null;
  log_truncated: boolean;
}

interface Sent {
  id: string;
  event: string;
  channel: string;
  state: 'delivered' | 'dead' | 'pending';
  created_at: number;
  attempts: number;
  delivered_at: number | null;
  dead_at: number | null;
  last_error: string | null;
}

export function HeartbeatRuns({ base }: { base: string }) {
  const runs = useApi<{ runs: Run[] }>(`${base}/heartbeat-runs?limit=20`, 30_000);
  const list = runs.data?.runs ?? [];
  return (
    <div class="card" data-section="heartbeat-runs">
      <h2>Recent runs</h2>
      <Problem error={runs.error} what="the recent runs" />
      {runs.data && list.length === 0 && <p class="muted">No pings yet.</p>}
      {list.length > 0 && (
        <table class="results" tabIndex={0}>
          <thead>
            <tr>
              <th>When</th>
              <th>Ping</th>
              <th class="num">Duration</th>
              <th>Exit</th>
              <th>Log</th>
            </tr>
          </thead>
          <tbody>
            {list.map((r) => (
              <tr key={r.id}>
                <td title={when(r.at)}>{ago(r.at)}</td>
                <td>
                  <span class={`chip${r.kind === 'fail' ? ' warn' : r.kind === 'success' ? ' ok' : ''}`}>{r.kind}</span>
                </td>
                <td class="num">{r.duration_ms === null ? '—' : ms(r.duration_ms)}</td>
                <td>{r.exit_status ?? '—'}</td>
                <td class="msg">
                  {r.log ? (
                    <pre tabIndex={0}>
                      {r.log}
                      {r.log_truncated ? '\n… (first 10 kB)' : ''}
                    </pre>
                  ) : (
                    <span class="muted">—</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

/** What became of each notification: delivered when, still retrying, or given up and why. */
function outcome(n: Sent): string {
  if (n.state === 'delivered') return `delivered ${ago(n.delivered_at)}`;
  const tries = `${n.attempts} attempt${n.attempts === 1 ? '' : 's'}`;
  if (n.state === 'dead') return `given up ${ago(n.dead_at)} after ${tries}: ${n.last_error ?? 'no answer'}`;
  return n.last_error ? `retrying (${tries}): ${n.last_error}` : 'queued';
}

export function Notifications({ base }: { base: string }) {
  const sent = useApi<{ notifications: Sent[] }>(`${base}/notifications?limit=20`, 30_000);
  const list = sent.data?.notifications ?? [];
  return (
    <div class="card" data-section="notifications">
      <h2>Notifications</h2>
      <Problem error={sent.error} what="the notifications" />
      {sent.data && list.length === 0 && <p class="muted">Nothing sent about this monitor yet.</p>}
      {list.length > 0 && (
        <table class="results" tabIndex={0}>
          <thead>
            <tr>
              <th>When</th>
              <th>Event</th>
              <th>Channel</th>
              <th>Outcome</th>
            </tr>
          </thead>
          <tbody>
            {list.map((n) => (
              <tr key={n.id} class={n.state === 'dead' ? 'problem' : undefined}>
                <td title={when(n.created_at)}>{ago(n.created_at)}</td>
                <td>{n.event}</td>
                <td>
                  <a href="/channels">{n.channel}</a>
                </td>
                <td class="msg">{outcome(n)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

/** One monitor: its state, latency over a chosen range, where the time went, what happened, and what depends on it. */
import { useState } from 'preact/hooks';
import { query } from '../api.js';
import { useApi } from '../data.js';
import { ago, when } from '../format.js';
import { useLive } from '../live.js';
import { target } from '../monitors.js';
import { Problem } from '../parts/banner.js';
import { Beads } from '../parts/beads.js';
import { Markers } from '../parts/markers.js';
import { StatusBadge, shownStatus } from '../parts/status.js';
import type { Alert, Monitor, ResultsPage } from '../types.js';
import { HeartbeatHelp } from './heartbeat-help.js';
import { LatencyChart } from './latency-chart.js';
import { Actions } from './monitor-actions.js';
import { HeartbeatRuns, Notifications } from './monitor-log.js';
import { AlertPanel, Related } from './monitor-related.js';
import { RunbookCard } from './runbook.js';
import { RecentResults, StateHistory } from './monitor-history.js';
import { Timings } from './timings.js';
import { UptimeFigures } from './uptime-figures.js';

const HOUR = 3_600_000;
const RANGES: [string, number][] = [
  ['1 h', HOUR],
  ['6 h', 6 * HOUR],
  ['24 h', 24 * HOUR],
  ['7 d', 7 * 24 * HOUR],
  ['30 d', 30 * 24 * HOUR],
  ['90 d', 90 * 24 * HOUR],
];

export function MonitorDetail({ id }: { id: string }) {
  const base = `/api/v1/monitors/${encodeURIComponent(id)}`;
  const monitor = useApi<Monitor>(base, 30_000);
  const [range, setRange] = useState(24 * HOUR);
  const [to, setTo] = useState(() => Date.now());
  const chart = useApi<ResultsPage>(`${base}/results${query({ from: to - range, to, limit: 1000 })}`);
  const recent = useApi<ResultsPage>(`${base}/results?limit=50&resolution=raw`, 30_000);
  const alerts = useApi<{ alerts: Alert[] }>('/api/v1/alerts', 30_000);
  const all = useApi<{ monitors: Monitor[] }>('/api/v1/monitors', 120_000);
  useLive(
    (event) => {
      if (event.data.id !== id) return;
      monitor.reload();
      recent.reload();
      alerts.reload();
      if (range <= 24 * HOUR) setTo(Date.now());
    },
    [id, range],
  );

  const m = monitor.data;
  if (!m) {
    return (
      <section>
        <p class="crumbs">
          <a href="/">Overview</a> › {id}
        </p>
        {monitor.error ? <Problem error={monitor.error} what={`monitor ${id}`} /> : <p class="muted">Loading {id}…</p>}
      </section>
    );
  }
  const results = recent.data?.resolution === 'raw' ? recent.data.results : [];
  const alert = alerts.data?.alerts.find((a) => a.monitor_id === id);
  const latest = results[0];

  return (
    <section aria-labelledby="monitor-h">
      <p class="crumbs">
        <a href="/">Overview</a> › {m.group ? `${m.group} › ` : ''}
        {m.id}
      </p>
      <div class="titlebar">
        <h1 id="monitor-h">{m.name}</h1>
        <StatusBadge status={shownStatus(m)} />
        <Markers monitor={m} />
        <span class="muted">since {m.state?.since ? `${when(m.state.since)} (${ago(m.state.since)})` : '—'}</span>
        <Actions
          monitor={m}
          alert={alert}
          onChange={() => {
            monitor.reload();
            alerts.reload();
          }}
        />
      </div>
      <p class="lead">
        <span class="chip">{m.type}</span> <code>{target(m) || m.id}</code>
        {m.tags.map((t) => (
          <a key={t} class="chip" href={`/?tag=${encodeURIComponent(t)}`}>
            #{t}
          </a>
        ))}
        {m.read_only && (
          <span class="chip" title="Change it in tocsin.yaml">
            defined in tocsin.yaml
          </span>
        )}
      </p>
      <p class={`message s-${m.paused ? 'paused' : (m.state?.last_status ?? m.state?.status ?? 'pending')}`}>
        {m.paused
          ? `Paused: not checked, no alerts. ${m.state?.last_message ? `Last result: ${m.state.last_message}` : ''}`
          : (m.state?.last_message ??
            (m.type === 'heartbeat'
              ? 'No ping yet: it is pending until the job reports or its deadline passes.'
              : 'Not checked yet: the first check runs within a few seconds.'))}
      </p>
      {m.location_states && <LocationStates monitor={m} />}
      <UptimeFigures id={m.id} results={results} />
      <div class="detail-beads" data-testid="detail-beads">
        <Beads results={results} count={50} label={m.name} />
      </div>

      <div class="card">
        <div class="titlebar">
          <h2>Latency</h2>
          <div class="segmented" role="group" aria-label="Range">
            {RANGES.map(([label, size]) => (
              <button
                key={label}
                type="button"
                aria-pressed={range === size}
                onClick={() => {
                  setRange(size);
                  setTo(Date.now());
                }}
              >
                {label}
              </button>
            ))}
          </div>
        </div>
        <Problem error={chart.error} what="the latency history" />
        {chart.data && <LatencyChart page={chart.data} />}
        {chart.data && chart.data.resolution !== 'raw' && (
          <p class="muted small">From {chart.data.resolution}ly rollups: median and 95th percentile; red marks periods with failed checks.</p>
        )}
      </div>

      <div class="grid2">
        {m.type === 'heartbeat' ? (
          <HeartbeatHelp monitor={m} />
        ) : (
          <div class="card">
            <h2>Last check, phase by phase</h2>
            {latest ? <Timings timings={latest.timings} /> : <p class="muted">No result yet.</p>}
          </div>
        )}
        <AlertPanel monitor={m} alert={alert} />
      </div>
      <div class="grid2">
        <StateHistory results={results} />
        <Related monitor={m} all={all.data?.monitors ?? []} />
      </div>
      <RunbookCard monitor={m} />
      {m.type === 'heartbeat' && <HeartbeatRuns base={base} />}
      <RecentResults results={results} error={recent.error} />
      <Notifications base={base} />
    </section>
  );
}

/** A monitor checked from several places: each location's own latest result, and the quorum that decides. */
function LocationStates({ monitor }: { monitor: Monitor }) {
  const quorum = monitor.quorum ?? 'any';
  const rule =
    quorum === 'any' ? 'down when any location is down' : quorum === 'all' ? 'down when every location is down' : `down when ${quorum} locations agree`;
  return (
    <div class="card" data-testid="location-states">
      <h2>Locations</h2>
      <p class="muted small">
        Quorum {String(quorum)}: {rule}. A location silent for 2 × interval + 30 s counts as unknown.
      </p>
      <ul class="plain">
        {(monitor.location_states ?? []).map((place) => (
          <li key={place.location}>
            <StatusBadge status={place.status} small /> <strong>{place.location}</strong>{' '}
            <span class="muted">
              {place.message}
              {place.at !== undefined && ` · ${ago(place.at)}`}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * Open alerts, worst and oldest first: filter and search them, acknowledge or silence one or all of
 * those shown at once, see who was told and how far escalation went.
 */
import { useMemo, useState } from 'preact/hooks';
import { post } from '../api.js';
import { bulkSummary, forEachLimited } from '../bulk.js';
import { useApi } from '../data.js';
import { STEP_WORDS, stepState } from '../deliveries.js';
import { ago, formatDuration, when } from '../format.js';
import { useLive } from '../live.js';
import { Problem } from '../parts/banner.js';
import { StatusBadge } from '../parts/status.js';
import { StepChannels, Told } from '../parts/told.js';
import { canWrite } from '../session.js';
import { useKey } from '../shortcuts.js';
import { say, session, useBox } from '../store.js';
import type { Alert, Monitor } from '../types.js';
import { SilenceButton } from './maintenance-forms.js';
import { SilencedControls, type OpenWindow } from './silence-dialog.js';
import { acknowledge } from './monitor-actions.js';
import { runbookHref } from './runbook.js';
import { stepsOf, type Escalations } from './monitor-related.js';

const PARALLEL = 6;
const LENGTHS = ['30m', '1h', '2h', '8h', '1d'];
type Which = 'all' | 'down' | 'degraded' | 'unknown';

/** Pure: the alerts a filter keeps, every word of `text` in the name, id or message. */
export function filterAlerts(list: readonly Alert[], text: string, which: Which, openOnly: boolean): Alert[] {
  const words = text.toLowerCase().split(/\s+/).filter(Boolean);
  return list.filter((a) => {
    if (which !== 'all' && a.status !== which) return false;
    if (openOnly && a.acknowledged) return false;
    const hay = `${a.monitor_id} ${a.name} ${a.message}`.toLowerCase();
    return words.every((w) => hay.includes(w));
  });
}

export function Alerts() {
  const alerts = useApi<{ alerts: Alert[] }>('/api/v1/alerts', 15_000);
  const monitors = useApi<{ monitors: Monitor[] }>('/api/v1/monitors', 60_000);
  const escalations = useApi<Escalations>('/api/v1/escalations');
  const writer = canWrite(useBox(session).user);
  const [text, setText] = useState(() => new URLSearchParams(location.search).get('q') ?? '');
  const [which, setWhich] = useState<Which>('all');
  const [openOnly, setOpenOnly] = useState(false);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [length, setLength] = useState('2h');
  const [busy, setBusy] = useState(false);
  // Until when each silence lasts, and which window to end, are known only from the windows.
  const anySilenced = (alerts.data?.alerts ?? []).some((a) => a.silenced);
  const windows = useApi<{ windows: OpenWindow[] }>(anySilenced ? '/api/v1/maintenance' : null);
  const reloadAll = () => (alerts.reload(), windows.reload());
  useLive(() => alerts.reload(), [alerts.reload]);
  const all = (alerts.data?.alerts ?? [])
    .slice()
    .sort((a, b) => (a.status === b.status ? a.since - b.since : a.status === 'down' ? -1 : b.status === 'down' ? 1 : 0));
  const list = useMemo(() => filterAlerts(all, text, which, openOnly), [alerts.data, text, which, openOnly]);
  const selected = list.filter((a) => chosen.has(a.monitor_id));
  const firstOpen = list.find((a) => !a.acknowledged);
  useKey('a', () => void (firstOpen && writer && acknowledge(firstOpen.monitor_id).then(alerts.reload)), [firstOpen?.monitor_id, writer]);
  const runbookOf = (id: string) => monitors.data?.monitors.find((m) => m.id === id)?.runbook;
  const policyOf = (id: string) => monitors.data?.monitors.find((m) => m.id === id)?.escalation ?? escalations.data?.default ?? null;
  const toggle = (id: string) => {
    const next = new Set(chosen);
    if (!next.delete(id)) next.add(id);
    setChosen(next);
  };
  const allChosen = list.length > 0 && selected.length === list.length;
  const bulk = async (verb: string, act: (id: string) => Promise<unknown>, ids: string[]) => {
    setBusy(true);
    try {
      const outcome = await forEachLimited(ids, PARALLEL, act);
      say(bulkSummary(verb, outcome), outcome.failed.length ? 'error' : 'ok');
      setChosen(new Set());
      alerts.reload();
    } finally {
      setBusy(false);
    }
  };
  const ackIds = selected.filter((a) => !a.acknowledged).map((a) => a.monitor_id);
  const silenceIds = selected.filter((a) => !a.silenced && !a.in_maintenance).map((a) => a.monitor_id);

  return (
    <section aria-labelledby="alerts-h">
      <div class="titlebar">
        <h1 id="alerts-h">Alerts</h1>
        <span class="muted">{all.length ? `${all.length} open, ${all.filter((a) => !a.acknowledged).length} not acknowledged` : ''}</span>
        <a class="button" href="/maintenance">
          Maintenance windows
        </a>
      </div>
      <Problem error={alerts.error} what="the open alerts" />
      {alerts.data && all.length === 0 && (
        <div class="card allclear" role="status">
          <strong>No open alerts.</strong> Every monitor is up, or its problem has not been confirmed yet.
        </div>
      )}
      {all.length > 0 && (
        <div class="filters" role="search">
          <input
            type="search"
            placeholder="Search name, id, message…"
            value={text}
            onInput={(e) => setText(e.currentTarget.value)}
            aria-label="Search alerts"
          />
          <div class="segmented" role="group" aria-label="Status">
            {(['all', 'down', 'degraded', 'unknown'] as const).map((w) => (
              <button key={w} type="button" aria-pressed={which === w} onClick={() => setWhich(w)}>
                {w[0]?.toUpperCase()}
                {w.slice(1)}
              </button>
            ))}
          </div>
          <label class="inline">
            <input type="checkbox" checked={openOnly} onChange={(e) => setOpenOnly(e.currentTarget.checked)} /> not acknowledged
          </label>
        </div>
      )}
      {writer && list.length > 0 && (
        <div class="bulkbar card" role="region" aria-label="Act on several alerts">
          <label class="inline">
            <input
              type="checkbox"
              name="select-all"
              checked={allChosen}
              onChange={() => setChosen(allChosen ? new Set() : new Set(list.map((a) => a.monitor_id)))}
            />{' '}
            Select all {list.length} shown
          </label>
          <span class="spacer" />
          <button type="button" class="primary" disabled={busy || ackIds.length === 0} onClick={() => void bulk('Acknowledged', acknowledgeOrThrow, ackIds)}>
            Acknowledge {ackIds.length || ''}
          </button>
          <span class="silence">
            <select aria-label="Silence the selected for" value={length} onChange={(e) => setLength(e.currentTarget.value)}>
              {LENGTHS.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
            <button
              type="button"
              disabled={busy || silenceIds.length === 0}
              onClick={() => void bulk('Silenced', (id) => post(`/api/v1/monitors/${encodeURIComponent(id)}/silence`, { for: length }), silenceIds)}
            >
              Silence {silenceIds.length || ''}
            </button>
          </span>
        </div>
      )}
      {all.length > 0 && list.length === 0 && <p class="muted">No open alert matches these filters.</p>}
      <ul class="plain alerts">
        {list.map((a) => {
          const steps = stepsOf(escalations.data, policyOf(a.monitor_id));
          return (
            <li key={a.monitor_id} class={`card alert s-${a.status}`} data-alert={a.monitor_id}>
              <div class="titlebar">
                {writer && (
                  <input
                    type="checkbox"
                    class="pick"
                    checked={chosen.has(a.monitor_id)}
                    onChange={() => toggle(a.monitor_id)}
                    aria-label={`Select ${a.name}`}
                  />
                )}
                <StatusBadge status={a.status} />
                <a href={`/monitors/${encodeURIComponent(a.monitor_id)}`}>
                  <strong>{a.name}</strong>
                </a>
                <span class="muted" title={when(a.since)}>
                  for {ago(a.since).replace(' ago', '')}
                </span>
                {a.flapping && (
                  <span class="chip warn" data-marker="flapping">
                    flapping
                  </span>
                )}
                {a.in_maintenance && (
                  <span class="chip" data-marker="maintenance">
                    maintenance
                  </span>
                )}
                {a.silenced && !writer && (
                  <span class="chip" data-marker="silenced">
                    silenced
                  </span>
                )}
                <span class="spacer" />
                {runbookOf(a.monitor_id) && (
                  <a class="button" href={runbookHref(a.monitor_id, runbookOf(a.monitor_id) ?? '')} data-runbook={a.monitor_id}>
                    Runbook
                  </a>
                )}
                {writer && a.silenced && <SilencedControls id={a.monitor_id} name={a.name} windows={windows.data?.windows} onDone={reloadAll} />}
                {writer && !a.in_maintenance && !a.silenced && <SilenceButton monitorId={a.monitor_id} onDone={alerts.reload} />}
                {a.acknowledged ? (
                  <span class="chip ok">
                    acknowledged by {a.acknowledged.by} {ago(a.acknowledged.at)}
                  </span>
                ) : writer ? (
                  <button type="button" class="primary" onClick={() => void acknowledge(a.monitor_id).then(alerts.reload)}>
                    Acknowledge
                  </button>
                ) : (
                  <span class="chip warn">not acknowledged</span>
                )}
              </div>
              <p class="msg">{a.message}</p>
              <Told alert={a} />
              {a.blocked_by.length > 0 && <p class="small muted">Waiting on {a.blocked_by.join(', ')}</p>}
              {steps.length > 0 && (
                <ol class="steps inline-steps" aria-label="Escalation">
                  {steps.map((s, i) => {
                    const state = stepState(a, i);
                    return (
                      <li key={i} class={state} title={STEP_WORDS[state]}>
                        {s.after ? formatDuration(s.after) : 'at once'} → <StepChannels alert={a} index={i} channels={s.notify} />
                      </li>
                    );
                  })}
                </ol>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** The single acknowledge() reports by toast; in bulk, one summary says what failed. */
async function acknowledgeOrThrow(id: string): Promise<void> {
  await post(`/api/v1/alerts/${encodeURIComponent(id)}/ack`);
}

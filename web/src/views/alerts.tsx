/** Open alerts, worst and oldest first: acknowledge one, see who was told and how far escalation went. */
import { useApi } from '../data.js';
import { ago, formatDuration, when } from '../format.js';
import { useLive } from '../live.js';
import { Problem } from '../parts/banner.js';
import { StatusBadge } from '../parts/status.js';
import { StepChannels, Told } from '../parts/told.js';
import { STEP_WORDS, stepState } from '../deliveries.js';
import { canWrite } from '../session.js';
import { useKey } from '../shortcuts.js';
import { session, useBox } from '../store.js';
import type { Alert, Monitor } from '../types.js';
import { SilenceButton } from './maintenance-forms.js';
import { acknowledge } from './monitor-actions.js';
import { stepsOf, type Escalations } from './monitor-related.js';

export function Alerts() {
  const alerts = useApi<{ alerts: Alert[] }>('/api/v1/alerts', 15_000);
  const monitors = useApi<{ monitors: Monitor[] }>('/api/v1/monitors', 60_000);
  const escalations = useApi<Escalations>('/api/v1/escalations');
  const writer = canWrite(useBox(session).user);
  useLive(() => alerts.reload(), [alerts.reload]);
  const list = (alerts.data?.alerts ?? []).slice().sort((a, b) => (a.status === b.status ? a.since - b.since : a.status === 'down' ? -1 : 1));
  const firstOpen = list.find((a) => !a.acknowledged);
  useKey('a', () => void (firstOpen && writer && acknowledge(firstOpen.monitor_id).then(alerts.reload)), [firstOpen?.monitor_id, writer]);
  const policyOf = (id: string) => monitors.data?.monitors.find((m) => m.id === id)?.escalation ?? escalations.data?.default ?? null;

  return (
    <section aria-labelledby="alerts-h">
      <div class="titlebar">
        <h1 id="alerts-h">Alerts</h1>
        <span class="muted">{list.length ? `${list.length} open, ${list.filter((a) => !a.acknowledged).length} not acknowledged` : ''}</span>
        <a class="button" href="/maintenance">
          Maintenance windows
        </a>
      </div>
      <Problem error={alerts.error} what="the open alerts" />
      {alerts.data && list.length === 0 && (
        <div class="card allclear" role="status">
          <strong>No open alerts.</strong> Every monitor is up, or its problem has not been confirmed yet.
        </div>
      )}
      <ul class="plain alerts">
        {list.map((a) => {
          const steps = stepsOf(escalations.data, policyOf(a.monitor_id));
          return (
            <li key={a.monitor_id} class={`card alert s-${a.status}`} data-alert={a.monitor_id}>
              <div class="titlebar">
                <StatusBadge status={a.status} />
                <a href={`/monitors/${encodeURIComponent(a.monitor_id)}`}>
                  <strong>{a.name}</strong>
                </a>
                <span class="muted" title={when(a.since)}>
                  for {ago(a.since).replace(' ago', '')}
                </span>
                {a.flapping && <span class="chip warn" data-marker="flapping">flapping</span>}
                {a.in_maintenance && <span class="chip" data-marker="maintenance">maintenance</span>}
                {a.silenced && <span class="chip" data-marker="silenced">silenced</span>}
                <span class="spacer" />
                {writer && !a.in_maintenance && !a.silenced && <SilenceButton monitorId={a.monitor_id} onDone={alerts.reload} />}
                {a.acknowledged ? (
                  <span class="chip ok">acknowledged by {a.acknowledged.by} {ago(a.acknowledged.at)}</span>
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

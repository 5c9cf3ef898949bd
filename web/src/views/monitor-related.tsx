import { useApi } from '../data.js';
import { ago, formatDuration, when } from '../format.js';
import { StatusBadge, shownStatus } from '../parts/status.js';
import { StepChannels, Told } from '../parts/told.js';
import { STEP_WORDS, stepState } from '../deliveries.js';
import type { Alert, Monitor } from '../types.js';

export interface Escalations {
  default: string | null;
  fallback: string[];
  policies: Record<string, unknown>;
}

export type Step = { after: number; notify: string[] };

/** The steps of one policy; `fallback` sits among the policies but is a list of channels, not steps. */
export function stepsOf(escalations: Escalations | undefined, name: string | null | undefined): Step[] {
  if (!escalations || !name || name === 'fallback') return [];
  const policy = escalations.policies[name];
  return Array.isArray(policy) ? (policy as Step[]) : [];
}

/** The open alert: who was told, which escalation steps fired and which are still to come. */
export function AlertPanel({ monitor, alert }: { monitor: Monitor; alert: Alert | undefined }) {
  const escalations = useApi<Escalations>('/api/v1/escalations');
  const policy = monitor.escalation ?? escalations.data?.default ?? null;
  const steps = stepsOf(escalations.data, policy);
  return (
    <div class="card">
      <h2>Alert</h2>
      {!alert ? (
        <p class="muted">No open alert{monitor.state?.status === 'up' ? ': the monitor is up.' : '.'}</p>
      ) : (
        <>
          <p>
            <StatusBadge status={alert.status} small /> since {ago(alert.since)} · episode {alert.episode}
          </p>
          <p>
            {alert.acknowledged ? (
              <span class="chip ok">
                acknowledged by {alert.acknowledged.by} {ago(alert.acknowledged.at)}
              </span>
            ) : (
              <span class="chip warn">not acknowledged</span>
            )}
          </p>
          <Told alert={alert} />
          {alert.in_maintenance && <p class="chip">in maintenance: notifications held</p>}
          {alert.silenced && <p class="chip">silenced: notifications held</p>}
          {alert.blocked_by.length > 0 && <p class="small">Waiting on {alert.blocked_by.join(', ')}: dependants do not page while an upstream is down.</p>}
        </>
      )}
      {steps.length > 0 && (
        <>
          <h3>Escalation {policy}</h3>
          <ol class="steps" data-testid="escalation">
            {steps.map((s, i) => {
              const state = alert ? stepState(alert, i) : undefined;
              return (
                <li key={i} class={state ?? 'waiting'}>
                  {s.after ? `after ${formatDuration(s.after)}` : 'at once'} → <StepChannels alert={alert} index={i} channels={s.notify} />{' '}
                  <span class="muted small">{state ? STEP_WORDS[state] : ''}</span>
                </li>
              );
            })}
          </ol>
        </>
      )}
    </div>
  );
}

export function Related({ monitor, all }: { monitor: Monitor; all: Monitor[] }) {
  const byId = new Map(all.map((m) => [m.id, m]));
  const dependants = all.filter((m) => m.depends_on.includes(monitor.id));
  const item = (id: string) => {
    const m = byId.get(id);
    return (
      <li key={id}>
        {m && <StatusBadge status={shownStatus(m)} small />} <a href={`/monitors/${encodeURIComponent(id)}`}>{m?.name ?? id}</a>
      </li>
    );
  };
  return (
    <div class="card">
      <h2>Dependencies</h2>
      <h3>Depends on</h3>
      {monitor.depends_on.length ? <ul class="plain">{monitor.depends_on.map(item)}</ul> : <p class="muted small">Nothing.</p>}
      <h3>Depended on by</h3>
      {dependants.length ? <ul class="plain">{dependants.map((m) => item(m.id))}</ul> : <p class="muted small">Nothing.</p>}
      <p class="muted small">
        Checks every {monitor.interval ? formatDuration(monitor.interval) : '—'}, deadline {monitor.timeout ? formatDuration(monitor.timeout) : '—'}; added{' '}
        {when(monitor.created_at)}.
      </p>
    </div>
  );
}

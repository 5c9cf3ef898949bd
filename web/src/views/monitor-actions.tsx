/** What a person can do to a monitor from its page: acknowledge, edit, pause or resume, delete. */
import { ApiError, del, post } from '../api.js';
import { navigate } from '../router.js';
import { canWrite } from '../session.js';
import { useKey } from '../shortcuts.js';
import { say, session, useBox } from '../store.js';
import type { Alert, Monitor } from '../types.js';
import { SilenceControls } from './monitor-silence.js';

export async function acknowledge(id: string): Promise<boolean> {
  try {
    const answer = await post<{ status?: string; message?: string } | undefined>(`/api/v1/alerts/${encodeURIComponent(id)}/ack`);
    say(answer?.message ?? `Acknowledged ${id}: escalation stops until it recovers.`);
    return true;
  } catch (error) {
    say(error instanceof ApiError ? error.message : String(error), 'error');
    return false;
  }
}

export function Actions({ monitor: m, alert, onChange }: { monitor: Monitor; alert: Alert | undefined; onChange(): void }) {
  const user = useBox(session).user;
  const writer = canWrite(user);
  const base = `/api/v1/monitors/${encodeURIComponent(m.id)}`;
  const ackable = alert && !alert.acknowledged && alert.status !== 'up';
  const act = async (what: () => Promise<unknown>, done: string) => {
    try {
      await what();
      say(done);
      onChange();
    } catch (error) {
      say(error instanceof ApiError ? error.message : String(error), 'error');
    }
  };
  useKey('a', () => void (ackable && acknowledge(m.id).then(onChange)), [m.id, ackable]);
  useKey('e', () => (!m.read_only && writer ? navigate(`/monitors/${encodeURIComponent(m.id)}/edit`) : undefined), [m.id, writer]);
  if (!writer) return null;
  const why = m.read_only ? 'Defined in tocsin.yaml: change it there' : undefined;
  return (
    <div class="actions">
      {ackable && (
        <button type="button" class="primary" title="Acknowledge (a)" onClick={() => void acknowledge(m.id).then(onChange)}>
          Acknowledge
        </button>
      )}
      {m.quarantined && (
        <button
          type="button"
          class="primary"
          title="Check it again now; it is quarantined again if it freezes the engine twice more"
          onClick={() => void act(() => post(`${base}/release`), `Released ${m.id}: it is checked again`)}
        >
          Release
        </button>
      )}
      {!m.paused && <SilenceControls monitor={m} onChange={onChange} />}
      <a
        class={`button${m.read_only ? ' disabled' : ''}`}
        href={m.read_only ? undefined : `/monitors/${encodeURIComponent(m.id)}/edit`}
        title={why ?? 'Edit (e)'}
        aria-disabled={m.read_only}
      >
        Edit
      </a>
      <a class="button" href={`/monitors/new?from=${encodeURIComponent(m.id)}`} title="A new monitor with these settings, under a new id">
        Clone
      </a>
      <button
        type="button"
        disabled={m.read_only}
        title={why}
        onClick={() =>
          void act(() => post(`${base}/${m.paused ? 'resume' : 'pause'}`), m.paused ? `Resumed ${m.id}` : `Paused ${m.id}: no checks, no alerts until resumed`)
        }
      >
        {m.paused ? 'Resume' : 'Pause'}
      </button>
      <button
        type="button"
        class="danger"
        disabled={m.read_only}
        title={why}
        onClick={() => {
          if (!confirm(`Delete monitor ${m.id}? Its history is kept; creating the id again restores it.`)) return;
          void act(() => del(base), `Deleted ${m.id}`).then(() => navigate('/'));
        }}
      >
        Delete
      </button>
    </div>
  );
}

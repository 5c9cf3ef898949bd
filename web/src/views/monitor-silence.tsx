/** Silence from the monitor's own page; a silenced one says until when, and can be ended or extended there. */
import { ApiError, del, put } from '../api.js';
import { useApi } from '../data.js';
import { ago, formatDuration, when } from '../format.js';
import { say } from '../store.js';
import type { Monitor } from '../types.js';
import { SilenceButton, windowBody, type StoredWindow } from './maintenance-forms.js';

const HOUR = 3_600_000;

interface Answer {
  windows: (StoredWindow & { source?: string; open_now: unknown })[];
}

export function SilenceControls({ monitor: m, onChange }: { monitor: Monitor; onChange(): void }) {
  const silenced = m.state?.silenced === true;
  const answer = useApi<Answer>(silenced ? '/api/v1/maintenance' : null);
  if (!silenced) return <SilenceButton monitorId={m.id} onDone={onChange} />;
  const open = (answer.data?.windows ?? []).filter((w) => w.silence && w.open_now && w.source === 'api' && w.monitors.includes(m.id));
  const act = async (what: () => Promise<unknown>, done: string) => {
    try {
      await what();
      say(done);
      answer.reload();
      onChange();
    } catch (error) {
      say(error instanceof ApiError ? error.message : String(error), 'error');
    }
  };
  const until = Math.max(0, ...open.map((w) => w.start + w.duration));
  return (
    <span class="silence" data-testid="silence-controls">
      {until > 0 && (
        <span class="muted small" title={`silenced until ${when(until)}`}>
          silence ends {ago(until)}
        </span>
      )}
      {open.length > 0 && (
        <>
          <button
            type="button"
            onClick={() =>
              void act(
                () => Promise.all(open.map((w) => put(`/api/v1/maintenance/${encodeURIComponent(w.id)}`, windowBody({ ...w, duration: w.duration + HOUR })))),
                `Silence of ${m.id} extended by ${formatDuration(HOUR)}`,
              )
            }
          >
            Extend 1 h
          </button>
          <button
            type="button"
            class="danger"
            onClick={() =>
              void act(() => Promise.all(open.map((w) => del(`/api/v1/maintenance/${encodeURIComponent(w.id)}`))), `Silence of ${m.id} ended: it pages again`)
            }
          >
            End silence
          </button>
        </>
      )}
    </span>
  );
}

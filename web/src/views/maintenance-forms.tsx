/** Creating a maintenance window, and silencing one monitor for a while (a window on it from now). */
import { useState } from 'preact/hooks';
import { ApiError, post, put } from '../api.js';
import { formatDuration } from '../format.js';
import { Field, value } from '../parts/form.js';
import { say } from '../store.js';

/** datetime-local gives wall time without a zone; the API wants ISO 8601 with one. */
const isoFromLocal = (local: string) => (local ? new Date(local).toISOString() : '');
/** The other way: epoch ms as the wall time a datetime-local input shows. */
const localFromMs = (ms: number) => {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
};
const asError = (e: unknown) => (e instanceof ApiError ? e : new ApiError(String(e), 0));

/** A window as GET /api/v1/maintenance answers it. */
export interface StoredWindow {
  id: string;
  name: string;
  start: number;
  duration: number;
  schedule?: string;
  tz?: string;
  monitors: string[];
  announce_on?: string[];
  silence?: boolean;
}

/** The body PUT and POST take: the stored window in tocsin.yaml's spelling. */
export function windowBody(w: Pick<StoredWindow, 'name' | 'start' | 'duration' | 'monitors' | 'schedule' | 'tz' | 'announce_on' | 'silence'>) {
  return {
    name: w.name,
    start: new Date(w.start).toISOString(),
    duration: formatDuration(w.duration),
    monitors: w.monitors,
    ...(w.schedule && { schedule: w.schedule }),
    ...(w.tz && { tz: w.tz }),
    ...(w.announce_on?.length && { announce_on: w.announce_on }),
    ...(w.silence && { silence: true }),
  };
}

/** Creates a window, or edits `editing` in place (PUT keeps its id). */
export function WindowForm({ monitors, onDone, editing, onCancel }: { monitors: string[]; onDone(): void; editing?: StoredWindow; onCancel?(): void }) {
  const [open, setOpen] = useState(editing !== undefined);
  const [name, setName] = useState(editing?.name ?? '');
  const [start, setStart] = useState(editing ? localFromMs(editing.start) : '');
  const [duration, setDuration] = useState(editing ? formatDuration(editing.duration) : '1h');
  const [schedule, setSchedule] = useState(editing?.schedule ?? '');
  const [chosen, setChosen] = useState<string[]>(editing?.monitors ?? []);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  if (!open)
    return (
      <button type="button" onClick={() => setOpen(true)}>
        New window
      </button>
    );
  const close = () => {
    setOpen(false);
    onCancel?.();
  };
  const submit = async (event: Event) => {
    event.preventDefault();
    const body = {
      name,
      start: isoFromLocal(start),
      duration,
      monitors: chosen,
      ...(schedule && { schedule }),
      ...(editing?.tz && { tz: editing.tz }),
      ...(editing?.silence && { silence: true }),
    };
    try {
      if (editing) await put(`/api/v1/maintenance/${encodeURIComponent(editing.id)}`, body);
      else await post('/api/v1/maintenance', body);
      say(editing ? `Saved "${name}"` : `Planned "${name}"`);
      close();
      onDone();
    } catch (e) {
      setError(asError(e));
    }
  };
  const at = (f: string) => (error?.field?.startsWith(f) ? error.message : undefined);
  const options = [...new Set([...monitors, ...chosen])];
  return (
    <form class="subform" onSubmit={submit} aria-label={editing ? `Edit ${editing.name}` : 'New maintenance window'}>
      {error && !['name', 'start', 'duration', 'schedule', 'monitors'].some((f) => error.field?.startsWith(f)) && <p class="problem">{error.message}</p>}
      <Field label="Name" error={at('name')}>
        <input name="name" required value={name} onInput={(e) => setName(value(e))} />
      </Field>
      <Field label="Starts" error={at('start')}>
        <input name="start" type="datetime-local" required value={start} onInput={(e) => setStart(value(e))} />
      </Field>
      <Field label="Lasts (e.g. 30m, 2h)" error={at('duration')}>
        <input name="duration" required value={duration} onInput={(e) => setDuration(value(e))} />
      </Field>
      <Field label="Repeats (cron, optional)" error={at('schedule')}>
        <input name="schedule" value={schedule} placeholder="0 2 * * 0" onInput={(e) => setSchedule(value(e))} />
      </Field>
      <Field label="Monitors" error={at('monitors')}>
        <select
          name="monitors"
          multiple
          required
          size={Math.min(8, Math.max(3, options.length))}
          onChange={(e) => setChosen([...e.currentTarget.selectedOptions].map((o) => o.value))}
        >
          {options.map((m) => (
            <option key={m} value={m} selected={chosen.includes(m)}>
              {m}
            </option>
          ))}
        </select>
      </Field>
      <div class="actions">
        <button type="submit" class="primary">
          {editing ? 'Save window' : 'Plan window'}
        </button>
        <button type="button" onClick={close}>
          Cancel
        </button>
      </div>
    </form>
  );
}

const CHOICES = ['30m', '1h', '2h', '8h', '1d'];

/** One monitor stops paging for the chosen time; it is still checked meanwhile. */
export function SilenceButton({ monitorId, onDone }: { monitorId: string; onDone(): void }) {
  const [length, setLength] = useState('2h');
  const [busy, setBusy] = useState(false);
  const silence = async () => {
    setBusy(true);
    try {
      await post(`/api/v1/monitors/${encodeURIComponent(monitorId)}/silence`, { for: length });
      say(`Silenced ${monitorId} for ${length}`);
      onDone();
    } catch (e) {
      say(`Could not silence ${monitorId}: ${asError(e).message}`, 'error');
    } finally {
      setBusy(false);
    }
  };
  return (
    <span class="silence">
      <select aria-label={`Silence ${monitorId} for`} value={length} onChange={(e) => setLength(e.currentTarget.value)}>
        {CHOICES.map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </select>
      <button type="button" disabled={busy} onClick={() => void silence()} title="No pages from this monitor for that long; it is still checked">
        Silence
      </button>
    </span>
  );
}

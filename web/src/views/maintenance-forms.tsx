/** Creating a maintenance window, and silencing one monitor for a while (a window on it from now). */
import { useState } from 'preact/hooks';
import { ApiError, post } from '../api.js';
import { Field, value } from '../parts/form.js';
import { say } from '../store.js';

/** datetime-local gives wall time without a zone; the API wants ISO 8601 with one. */
const isoFromLocal = (local: string) => (local ? new Date(local).toISOString() : '');
const asError = (e: unknown) => (e instanceof ApiError ? e : new ApiError(String(e), 0));

export function WindowForm({ monitors, onDone }: { monitors: string[]; onDone(): void }) {
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [start, setStart] = useState('');
  const [duration, setDuration] = useState('1h');
  const [schedule, setSchedule] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  if (!open) return <button type="button" onClick={() => setOpen(true)}>New window</button>;
  const submit = async (event: Event) => {
    event.preventDefault();
    try {
      await post('/api/v1/maintenance', { name, start: isoFromLocal(start), duration, monitors: chosen, ...(schedule && { schedule }) });
      say(`Planned "${name}"`);
      setOpen(false);
      onDone();
    } catch (e) {
      setError(asError(e));
    }
  };
  const at = (f: string) => (error?.field?.startsWith(f) ? error.message : undefined);
  return (
    <form class="subform" onSubmit={submit} aria-label="New maintenance window">
      {error && !['name', 'start', 'duration', 'schedule', 'monitors'].some((f) => error.field?.startsWith(f)) && <p class="problem">{error.message}</p>}
      <Field label="Name" error={at('name')}>
        <input required value={name} onInput={(e) => setName(value(e))} />
      </Field>
      <Field label="Starts" error={at('start')}>
        <input type="datetime-local" required value={start} onInput={(e) => setStart(value(e))} />
      </Field>
      <Field label="Lasts (e.g. 30m, 2h)" error={at('duration')}>
        <input required value={duration} onInput={(e) => setDuration(value(e))} />
      </Field>
      <Field label="Repeats (cron, optional)" error={at('schedule')}>
        <input value={schedule} placeholder="0 2 * * 0" onInput={(e) => setSchedule(value(e))} />
      </Field>
      <Field label="Monitors" error={at('monitors')}>
        <select multiple required size={Math.min(8, Math.max(3, monitors.length))} onChange={(e) => setChosen([...(e.currentTarget as HTMLSelectElement).selectedOptions].map((o) => o.value))}>
          {monitors.map((m) => (
            <option key={m} value={m} selected={chosen.includes(m)}>
              {m}
            </option>
          ))}
        </select>
      </Field>
      <div class="actions">
        <button type="submit" class="primary">Plan window</button>
        <button type="button" onClick={() => setOpen(false)}>Cancel</button>
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
      <select aria-label={`Silence ${monitorId} for`} value={length} onChange={(e) => setLength((e.currentTarget as HTMLSelectElement).value)}>
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

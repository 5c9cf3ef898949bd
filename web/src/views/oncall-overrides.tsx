/**
 * A schedule's overrides — holidays and swaps — listed, added and removed from the On call view,
 * through /api/v1/schedules/:id/overrides. Times are typed and shown in the schedule's own time
 * zone, as hand-offs are agreed; tocsin.yaml's overrides are listed but only changed in the file.
 */
import { useState } from 'preact/hooks';
import { ApiError, del, post } from '../api.js';
import { useApi } from '../data.js';
import { Problem } from '../parts/banner.js';
import { Field, value } from '../parts/form.js';
import { say } from '../store.js';

interface Override {
  source: 'config' | 'api';
  id: string | null;
  person: string;
  start: string;
  end: string;
  reason?: string;
  createdBy?: string;
}

export interface Person {
  id: string;
  name: string;
}

/** The wall clock of `timeZone` at `ms`, as UTC fields: the zone's offset is what differs from ms. */
function offsetAt(ms: number, timeZone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
      .formatToParts(ms)
      .map((p) => [p.type, p.value]),
  );
  const wall = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return wall - Math.floor(ms / 1000) * 1000;
}

/** "2026-12-24T18:00" read in `timeZone` → epoch ms; the second pass settles a guess made across a DST change. */
export function zonedToUtc(local: string, timeZone: string): number {
  const asUtc = Date.parse(`${local}:00Z`);
  if (Number.isNaN(asUtc)) return NaN;
  const first = asUtc - offsetAt(asUtc, timeZone);
  return asUtc - offsetAt(first, timeZone);
}

function shown(iso: string, timeZone: string): string {
  return new Date(iso).toLocaleString(undefined, { timeZone, weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
}

export function Overrides({
  schedule,
  timeZone,
  people,
  writer,
  onChanged,
}: {
  schedule: string;
  timeZone: string;
  people: readonly Person[];
  writer: boolean;
  onChanged: () => void;
}) {
  const path = `/api/v1/schedules/${encodeURIComponent(schedule)}/overrides`;
  const list = useApi<{ overrides: Override[] }>(path);
  const [form, setForm] = useState({ person: '', start: '', end: '', reason: '' });
  const [error, setError] = useState<{ field?: string; message: string } | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const nameOf = (id: string) => people.find((p) => p.id === id)?.name ?? id;
  const done = (message: string) => {
    say(message);
    list.reload();
    onChanged();
  };

  const add = async (event: Event) => {
    event.preventDefault();
    const start = zonedToUtc(form.start, timeZone);
    const end = zonedToUtc(form.end, timeZone);
    if (!form.person) return setError({ field: 'person', message: 'Choose who covers.' });
    if (Number.isNaN(start)) return setError({ field: 'start', message: 'Give the start date and time.' });
    if (Number.isNaN(end)) return setError({ field: 'end', message: 'Give the end date and time.' });
    if (end <= start) return setError({ field: 'end', message: 'The override must end after it starts.' });
    setBusy(true);
    try {
      await post(path, {
        person: form.person,
        start: new Date(start).toISOString(),
        end: new Date(end).toISOString(),
        ...(form.reason.trim() && { reason: form.reason.trim() }),
      });
      setError(undefined);
      setForm({ person: '', start: '', end: '', reason: '' });
      done(`Override added: ${nameOf(form.person)} covers from ${shown(new Date(start).toISOString(), timeZone)}`);
    } catch (caught) {
      const apiError = caught instanceof ApiError ? caught : undefined;
      setError({ ...(apiError?.field !== undefined && { field: apiError.field }), message: apiError?.message ?? String(caught) });
    } finally {
      setBusy(false);
    }
  };

  const remove = async (o: Override) => {
    if (o.id === null) return;
    try {
      await del(`${path}/${encodeURIComponent(o.id)}`);
      done(`Override removed: ${nameOf(o.person)}`);
    } catch (caught) {
      say(caught instanceof ApiError ? caught.message : String(caught), 'error');
    }
  };

  const overrides = list.data?.overrides ?? [];
  const field = (name: string) => (error?.field === name ? error.message : undefined);
  return (
    <div class="overrides">
      <h3>Overrides</h3>
      <Problem error={list.error} what="the overrides" />
      {list.data && overrides.length === 0 && <p class="muted small">None: the rotation decides.</p>}
      {overrides.length > 0 && (
        <ul class="plain" data-testid={`overrides-${schedule}`}>
          {overrides.map((o) => (
            <li key={`${o.source}-${o.id ?? o.start}`} data-override={o.id ?? ''}>
              <strong>{nameOf(o.person)}</strong> {shown(o.start, timeZone)} → {shown(o.end, timeZone)}
              {o.reason && <span class="muted"> · {o.reason}</span>}
              {o.source === 'config' ? (
                <span class="muted small"> · in tocsin.yaml</span>
              ) : (
                writer && (
                  <button
                    type="button"
                    class="danger small-button"
                    onClick={() => void remove(o)}
                    aria-label={`Remove the override of ${nameOf(o.person)} from ${shown(o.start, timeZone)}`}
                  >
                    Remove
                  </button>
                )
              )}
            </li>
          ))}
        </ul>
      )}
      {writer && (
        <form class="override-form" onSubmit={(e) => void add(e)} aria-label={`Add an override to ${schedule}`}>
          <Field label="Who covers" error={field('person')}>
            <select name="person" value={form.person} onChange={(e) => setForm({ ...form, person: value(e) })}>
              <option value="">Choose…</option>
              {people.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </Field>
          <Field label={`From (${timeZone})`} error={field('start')}>
            <input type="datetime-local" name="start" value={form.start} onInput={(e) => setForm({ ...form, start: value(e) })} />
          </Field>
          <Field label={`Until (${timeZone})`} error={field('end')}>
            <input type="datetime-local" name="end" value={form.end} onInput={(e) => setForm({ ...form, end: value(e) })} />
          </Field>
          <Field label="Reason (optional)" error={field('reason')} hint="A holiday, a swap">
            <input type="text" name="reason" maxLength={500} value={form.reason} onInput={(e) => setForm({ ...form, reason: value(e) })} />
          </Field>
          {error && error.field === undefined && (
            <p class="problem" role="alert">
              {error.message}
            </p>
          )}
          {error?.field !== undefined && !['person', 'start', 'end', 'reason'].includes(error.field) && (
            <p class="problem" role="alert">
              {error.message}
            </p>
          )}
          <button type="submit" class="primary" disabled={busy}>
            Add override
          </button>
        </form>
      )}
    </div>
  );
}

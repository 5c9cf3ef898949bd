/** Opening an incident and scheduling maintenance on a status page. */
import { useState } from 'preact/hooks';
import { ApiError, post } from '../api.js';
import { Field, value } from '../parts/form.js';
import { say } from '../store.js';
import type { Page } from './incidents.js';

/** datetime-local gives wall time without a zone; the API wants ISO 8601 with one. */
const isoFromLocal = (local: string) => (local ? new Date(local).toISOString() : '');

export function MaintenanceForm({ page, onDone }: { page: Page; onDone(): void }) {
  const [open, setOpen] = useState(false);
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [start, setStart] = useState('');
  const [end, setEnd] = useState('');
  const [error, setError] = useState<ApiError | undefined>(undefined);
  if (!open)
    return (
      <button type="button" onClick={() => setOpen(true)}>
        Schedule maintenance
      </button>
    );
  const submit = async (event: Event) => {
    event.preventDefault();
    try {
      await post(`/api/v1/status-pages/${encodeURIComponent(page.slug)}/maintenance`, {
        title,
        body,
        starts_at: isoFromLocal(start),
        ends_at: isoFromLocal(end),
      });
      say(`Scheduled "${title}" on ${page.title}`);
      setOpen(false);
      onDone();
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(String(e), 0));
    }
  };
  const at = (f: string) => (error?.field === f ? error.message : undefined);
  return (
    <form class="subform" onSubmit={submit}>
      {error && !error.field && <p class="problem">{error.message}</p>}
      <Field label="Title" error={at('title')}>
        <input required value={title} onInput={(e) => setTitle(value(e))} />
      </Field>
      <Field label="What will happen (Markdown)" error={at('body')}>
        <textarea rows={3} required value={body} onInput={(e) => setBody(value(e))} />
      </Field>
      <Field label="Starts" error={at('starts_at')}>
        <input type="datetime-local" required value={start} onInput={(e) => setStart(value(e))} />
      </Field>
      <Field label="Ends" error={at('ends_at')}>
        <input type="datetime-local" required value={end} onInput={(e) => setEnd(value(e))} />
      </Field>
      <div class="actions">
        <button type="submit" class="primary">
          Schedule
        </button>
        <button type="button" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}

export function IncidentForm({ page, onDone }: { page: Page; onDone(): void }) {
  const [open, setOpen] = useState(false);
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [impact, setImpact] = useState('minor');
  const [components, setComponents] = useState<string[]>([]);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  if (!open) {
    return (
      <button type="button" onClick={() => setOpen(true)}>
        Post an incident
      </button>
    );
  }
  const submit = async (event: Event) => {
    event.preventDefault();
    try {
      await post(`/api/v1/status-pages/${encodeURIComponent(page.slug)}/incidents`, { title, body, impact, components });
      say(`Posted "${title}" on ${page.title}`);
      onDone();
      setOpen(false);
      setTitle('');
      setBody('');
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(String(e), 0));
    }
  };
  const at = (f: string) => (error?.field === f ? error.message : undefined);
  return (
    <form class="subform" onSubmit={submit}>
      {error && !error.field && <p class="problem">{error.message}</p>}
      <Field label="Title" error={at('title')}>
        <input required value={title} onInput={(e) => setTitle(value(e))} />
      </Field>
      <Field label="What is happening (Markdown)" error={at('body')}>
        <textarea rows={4} required value={body} onInput={(e) => setBody(value(e))} />
      </Field>
      <Field label="Impact">
        <select value={impact} onChange={(e) => setImpact(value(e))}>
          <option value="minor">minor</option>
          <option value="major">major</option>
          <option value="critical">critical</option>
        </select>
      </Field>
      <fieldset>
        <legend>Affected components</legend>
        {page.components.map((c) => (
          <label key={c.name} class="check">
            <input
              type="checkbox"
              checked={components.includes(c.name)}
              onChange={(e) => setComponents((old) => (e.currentTarget.checked ? [...old, c.name] : old.filter((n) => n !== c.name)))}
            />
            {c.name}
          </label>
        ))}
      </fieldset>
      <div class="actions">
        <button type="submit" class="primary">
          Post incident
        </button>
        <button type="button" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}

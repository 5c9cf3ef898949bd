/** Status pages with their components, and posting incidents and updates to them. */
import { useState } from 'preact/hooks';
import { ApiError, post } from '../api.js';
import { useApi } from '../data.js';
import { Problem } from '../parts/banner.js';
import { Field, value } from '../parts/form.js';
import { canWrite } from '../session.js';
import { say, session, useBox } from '../store.js';

interface Page {
  slug: string;
  title: string;
  description?: string;
  url: string;
  components: { name: string; monitors: string[]; group?: string }[];
}

export function StatusPages() {
  const answer = useApi<{ read_only: boolean; status_pages: Page[] }>('/api/v1/status-pages', 60_000);
  const writer = canWrite(useBox(session).user);
  return (
    <section aria-labelledby="pages-h">
      <h1 id="pages-h">Status pages</h1>
      <Problem error={answer.error} what="the status pages" />
      {answer.data?.read_only && (
        <p class="note">
          Pages and their components are defined under <code>status_pages:</code> in tocsin.yaml. Incidents are posted here.
        </p>
      )}
      {answer.data && answer.data.status_pages.length === 0 && <p class="muted">No status pages yet.</p>}
      <div class="cards">
        {answer.data?.status_pages.map((p) => (
          <div class="card" key={p.slug}>
            <div class="titlebar">
              <h2>{p.title}</h2>
              <a href={p.url} target="_blank" rel="noreferrer">
                {p.url} ↗
              </a>
            </div>
            {p.description && <p class="muted">{p.description}</p>}
            <ul class="plain">
              {p.components.map((c) => (
                <li key={c.name}>
                  {c.group ? <span class="muted">{c.group} › </span> : null}
                  <strong>{c.name}</strong> <span class="small muted">{c.monitors.join(', ')}</span>
                </li>
              ))}
            </ul>
            {writer && <IncidentForm page={p} />}
          </div>
        ))}
      </div>
    </section>
  );
}

function IncidentForm({ page }: { page: Page }) {
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
      {error && !error.field && <p class="problem">{error.status === 404 ? 'This tocsin cannot post incidents from the API yet; use "tocsin incident open".' : error.message}</p>}
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
              onChange={(e) => setComponents((old) => ((e.currentTarget as HTMLInputElement).checked ? [...old, c.name] : old.filter((n) => n !== c.name)))}
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

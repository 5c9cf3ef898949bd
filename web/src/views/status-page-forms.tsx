/**
 * Creating and changing the API's status pages: a title, a description and the components people see,
 * each the worst state of the monitors it names. Pages in tocsin.yaml are changed there.
 */
import { useState } from 'preact/hooks';
import { ApiError, del, post, put } from '../api.js';
import { Field, value } from '../parts/form.js';
import { say } from '../store.js';
import type { Page } from './incidents.js';
import { MonitorPicker, type Pickable } from './monitor-picker.js';

export type PageView = Page & { source?: 'config' | 'api'; [key: string]: unknown };

interface Row {
  name: string;
  group: string;
  monitors: string[];
}

/** Settings without an input here (logo, domain, export) go back as read; export_every reads in milliseconds. */
const CARRIED = ['logo', 'domain', 'export_every', 'export_dir'];
const asError = (e: unknown) => (e instanceof ApiError ? e : new ApiError(String(e), 0));

function carried(existing: PageView | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of CARRIED) {
    const v = existing?.[key];
    if (v !== undefined && v !== null) out[key] = key === 'export_every' && typeof v === 'number' ? `${v}ms` : v;
  }
  return out;
}

export function StatusPageForm({
  existing,
  monitors,
  onDone,
  onCancel,
}: {
  existing?: PageView;
  monitors: readonly Pickable[];
  onDone(): void;
  onCancel(): void;
}) {
  const [slug, setSlug] = useState(existing?.slug ?? '');
  const [title, setTitle] = useState(existing?.title ?? '');
  const [description, setDescription] = useState(existing?.description ?? '');
  const [rows, setRows] = useState<Row[]>(
    existing?.components.map((c) => ({ name: c.name, group: c.group ?? '', monitors: c.monitors })) ?? [{ name: '', group: '', monitors: [] }],
  );
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const change = (index: number, patch: Partial<Row>) => setRows(rows.map((r, i) => (i === index ? { ...r, ...patch } : r)));
  const submit = async (event: Event) => {
    event.preventDefault();
    const components = rows.map((r) => ({ name: r.name.trim(), monitors: r.monitors, ...(r.group.trim() && { group: r.group.trim() }) }));
    const sent = { ...carried(existing), title, ...(description.trim() && { description: description.trim() }), components };
    try {
      if (existing) await put(`/api/v1/status-pages/${encodeURIComponent(existing.slug)}`, sent);
      else await post('/api/v1/status-pages', { slug, ...sent });
      say(existing ? `Saved status page ${slug}` : `Created status page ${slug}: /status/${slug}`);
      onDone();
    } catch (e) {
      setError(asError(e));
    }
  };
  const at = (f: string) => (error?.field?.startsWith(f) ? error.message : undefined);
  return (
    <form class="subform" onSubmit={submit} aria-label={existing ? `Edit status page ${existing.slug}` : 'New status page'}>
      {error && !['slug', 'title', 'description', 'components'].some((f) => at(f)) && <p class="problem">{error.message}</p>}
      <Field label="Slug (served at /status/<slug>)" error={at('slug')}>
        <input required name="slug" value={slug} disabled={Boolean(existing)} placeholder="public" onInput={(e) => setSlug(value(e))} />
      </Field>
      <Field label="Title" error={at('title')}>
        <input required name="title" value={title} onInput={(e) => setTitle(value(e))} />
      </Field>
      <Field label="Description (optional)" error={at('description')}>
        <input name="description" value={description} onInput={(e) => setDescription(value(e))} />
      </Field>
      <fieldset>
        <legend>Components</legend>
        {at('components') && !/^components\[\d+\]\.monitors/.test(error?.field ?? '') && <p class="problem">{at('components')}</p>}
        {rows.map((r, i) => (
          <div class="component-row" key={i}>
            <Field label="Name">
              <input required value={r.name} aria-label={`Component ${i + 1} name`} onInput={(e) => change(i, { name: value(e) })} />
            </Field>
            <Field label="Group (optional)">
              <input value={r.group} aria-label={`Component ${i + 1} group`} onInput={(e) => change(i, { group: value(e) })} />
            </Field>
            <MonitorPicker
              label={`Component ${i + 1} monitors`}
              name={`component-${i + 1}-monitors`}
              hint="Search by name, id or monitor group; a whole group can be added at once"
              monitors={monitors}
              chosen={r.monitors}
              groups
              error={at(`components[${i}].monitors`)}
              onChange={(ids) => change(i, { monitors: ids })}
            />
            <button type="button" onClick={() => setRows(rows.filter((_, j) => j !== i))}>
              Remove component
            </button>
          </div>
        ))}
        <button type="button" onClick={() => setRows([...rows, { name: '', group: '', monitors: [] }])}>
          Add component
        </button>
      </fieldset>
      <div class="actions">
        <button type="submit" class="primary">
          {existing ? 'Save page' : 'Create page'}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

export async function deleteStatusPage(slug: string, onDone: () => void): Promise<void> {
  if (!confirm(`Delete status page ${slug}? /status/${slug} stops answering; its posts are kept.`)) return;
  try {
    await del(`/api/v1/status-pages/${encodeURIComponent(slug)}`);
    say(`Deleted status page ${slug}`);
    onDone();
  } catch (e) {
    say(`Could not delete status page ${slug}: ${asError(e).message}`, 'error');
  }
}

/** Incidents and maintenance posts of one status page: the timeline, new posts, and updates that move them on. */
import { useState } from 'preact/hooks';
import { ApiError, post } from '../api.js';
import { IncidentForm, MaintenanceForm } from './post-forms.js';
import { useApi } from '../data.js';
import { ago, when } from '../format.js';
import { Problem } from '../parts/banner.js';
import { value } from '../parts/form.js';
import { say } from '../store.js';
import { markdown } from '../markdown.js';

export interface Page {
  slug: string;
  title: string;
  description?: string;
  url: string;
  components: { name: string; monitors: string[]; group?: string }[];
}

interface Post {
  id: string;
  kind: 'incident' | 'maintenance';
  title: string;
  impact: string;
  status: string;
  components: string[];
  startsAt: number;
  endsAt: number | null;
  resolvedAt: number | null;
  updates: { id: string; status: string; body: string; at: number }[];
}

const NEXT: Record<Post['kind'], string[]> = {
  incident: ['investigating', 'identified', 'monitoring', 'resolved'],
  maintenance: ['scheduled', 'in_progress', 'completed'],
};

export function Posts({ page, writer }: { page: Page; writer: boolean }) {
  const list = useApi<{ incidents: Post[] }>(`/api/v1/status-pages/${encodeURIComponent(page.slug)}/incidents`, 60_000);
  const posts = list.data?.incidents ?? [];
  return (
    <div>
      <h3>Incidents and maintenance</h3>
      <Problem error={list.error} what="the posts" />
      {list.data && posts.length === 0 && <p class="muted small">Nothing posted in the last 14 days.</p>}
      <ul class="plain">
        {posts.map((p) => (
          <li key={p.id} data-post={p.id}>
            <strong>{p.title}</strong> <span class="chip">{p.kind}</span>{' '}
            <span class={`chip${p.resolvedAt ? ' ok' : ' warn'}`}>{p.status.replace('_', ' ')}</span>
            <span class="muted small"> {p.kind === 'maintenance' ? `${when(p.startsAt)} → ${when(p.endsAt)}` : `since ${ago(p.startsAt)}`}</span>
            {p.updates[0] && <div class="prose small" dangerouslySetInnerHTML={{ __html: markdown(p.updates[0].body) }} />}
            {writer && !p.resolvedAt && <UpdateForm post={p} onDone={list.reload} />}
          </li>
        ))}
      </ul>
      {writer && (
        <div class="actions">
          <IncidentForm page={page} onDone={list.reload} />
          <MaintenanceForm page={page} onDone={list.reload} />
        </div>
      )}
    </div>
  );
}

function UpdateForm({ post: p, onDone }: { post: Post; onDone(): void }) {
  const [status, setStatus] = useState(p.status);
  const [body, setBody] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const submit = async (event: Event) => {
    event.preventDefault();
    try {
      await post(`/api/v1/incidents/${encodeURIComponent(p.id)}/updates`, { status, body });
      say(`Updated "${p.title}": ${status.replace('_', ' ')}`);
      setBody('');
      onDone();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  };
  return (
    <form class="inline-form" onSubmit={submit}>
      <select aria-label="New status" value={status} onChange={(e) => setStatus(value(e))}>
        {NEXT[p.kind].map((s) => (
          <option key={s} value={s}>
            {s.replace('_', ' ')}
          </option>
        ))}
      </select>
      <input aria-label="Update" placeholder="What changed" required value={body} onInput={(e) => setBody(value(e))} />
      <button type="submit">Post update</button>
      {error && <span class="error-text">{error}</span>}
    </form>
  );
}

/**
 * Response incidents: the list (open ones first) with overdue action items above it, and one
 * incident's record — its derived times, the timeline tocsin assembled, notes, state, action items
 * and the post-mortem draft. Status-page posts stay under Status pages.
 */
import { useEffect, useState } from 'preact/hooks';
import { ApiError, post } from '../api.js';
import { useApi } from '../data.js';
import { useLive } from '../live.js';
import { ago, span, when } from '../format.js';
import { Problem } from '../parts/banner.js';
import { value } from '../parts/form.js';
import { canWrite } from '../session.js';
import { say, session, useBox } from '../store.js';
import { markdown } from '../markdown.js';

interface Incident {
  id: string;
  title: string;
  severity: number;
  state: string;
  commander: string | null;
  monitors: string[];
  /** Status page posts it publishes to: a state change posts a public update on them. */
  posts: string[];
  openedAt: number;
  resolvedAt: number | null;
  postmortem: 'pending' | 'published' | 'waived';
}

interface ActionItem {
  id: string;
  incidentId: string;
  title: string;
  owner: string | null;
  dueAt: number | null;
  state: 'open' | 'done' | 'wontfix';
}

interface View {
  incident: Incident;
  closed: boolean;
  times: { startedAt: number; toDetectMs: number; toAcknowledgeMs: number | null; toRecoverMs: number | null };
  timeline: { at: number; kind: string; text: string; by?: string }[];
  actionItems: ActionItem[];
}

const NEXT = ['investigating', 'identified', 'monitoring', 'resolved'];
const utc = (at: number) => new Date(at).toISOString().replace('T', ' ').slice(0, 19);

function useWriter(): boolean {
  return canWrite(useBox(session).user);
}

/** Runs a write, says how it went, and reloads what it changed. */
async function act(what: string, write: () => Promise<unknown>, then: () => void, fail: (m: string) => void): Promise<void> {
  try {
    await write();
    say(what);
    then();
  } catch (e) {
    fail(e instanceof ApiError ? e.message : String(e));
  }
}

export function ResponseIncidents() {
  const writer = useWriter();
  const list = useApi<{ incidents: Incident[] }>('/api/v1/response-incidents?limit=200', 30_000);
  const overdue = useApi<{ actionItems: ActionItem[] }>('/api/v1/action-items/overdue', 60_000);
  // A change by the CLI or another tab arrives as an `incident` event within a second.
  useLive(
    (event) => {
      if (event.type !== 'incident') return;
      list.reload();
      overdue.reload();
    },
    [list.reload, overdue.reload],
  );
  const incidents = [...(list.data?.incidents ?? [])].sort((a, b) => Number(a.state === 'resolved') - Number(b.state === 'resolved'));
  return (
    <section>
      <h1>Incidents</h1>
      <Problem error={list.error ?? overdue.error} what="the incidents" />
      {(overdue.data?.actionItems.length ?? 0) > 0 && (
        <div class="card" data-overdue>
          <h2>Overdue action items</h2>
          <ul class="plain">
            {overdue.data?.actionItems.map((a) => (
              <li key={a.id}>
                <span class="chip warn">due {a.dueAt ? utc(a.dueAt).slice(0, 10) : '?'}</span> {a.title}
                <span class="muted small"> — {a.owner ?? 'no owner'} · </span>
                <a href={`/incidents/${encodeURIComponent(a.incidentId)}`}>incident</a>
              </li>
            ))}
          </ul>
        </div>
      )}
      <div class="card">
        {list.data && incidents.length === 0 && <p class="muted">No incidents yet. Alerts open them when incidents.open says so, or open one here.</p>}
        <table class="results">
          <thead>
            <tr>
              <th>Severity</th>
              <th>Incident</th>
              <th>State</th>
            </tr>
          </thead>
          <tbody>
            {incidents.map((i) => (
              <tr key={i.id} data-incident={i.id}>
                <td>
                  <span class={`chip${i.severity <= 2 ? ' bad' : ''}`}>SEV{i.severity}</span>
                </td>
                <td>
                  <a href={`/incidents/${encodeURIComponent(i.id)}`}>{i.title}</a>
                  <span class="muted small" title={when(i.openedAt)}>
                    {' '}
                    · opened {ago(i.openedAt)}
                    {i.monitors.length > 0 && ` · ${i.monitors.join(', ')}`}
                  </span>
                </td>
                <td>
                  {i.state}
                  {i.state === 'resolved' && i.postmortem === 'pending' && <span class="chip warn">post-mortem due</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {writer && <OpenForm onDone={list.reload} />}
      </div>
    </section>
  );
}

function OpenForm({ onDone }: { onDone(): void }) {
  const [title, setTitle] = useState('');
  const [severity, setSeverity] = useState('3');
  const [error, setError] = useState<string | undefined>(undefined);
  const submit = (event: Event) => {
    event.preventDefault();
    void act(
      `Opened "${title}"`,
      () => post('/api/v1/response-incidents', { title, severity: Number(severity) }),
      () => (setTitle(''), onDone()),
      setError,
    );
  };
  return (
    <form class="inline-form" onSubmit={submit}>
      <input aria-label="Title" placeholder="What is broken" required maxLength={200} value={title} onInput={(e) => setTitle(value(e))} />
      <select aria-label="Severity" value={severity} onChange={(e) => setSeverity(value(e))}>
        {[1, 2, 3, 4].map((n) => (
          <option key={n} value={String(n)}>
            SEV{n}
          </option>
        ))}
      </select>
      <button type="submit">Open incident</button>
      {error && <span class="error-text">{error}</span>}
    </form>
  );
}

export function ResponseIncidentDetail({ id }: { id: string }) {
  const writer = useWriter();
  const view = useApi<View>(`/api/v1/response-incidents/${encodeURIComponent(id)}`, 15_000);
  useLive((event) => event.type === 'incident' && view.reload(), [view.reload]);
  const [error, setError] = useState<string | undefined>(undefined);
  const [tell, setTell] = useState(true);
  const [publicText, setPublicText] = useState('');
  const v = view.data;
  if (!v) return <Problem error={view.error} what="the incident" />;
  const { incident: i, times } = v;
  const path = `/api/v1/response-incidents/${encodeURIComponent(id)}`;
  return (
    <section>
      <h1>
        <span class={`chip${i.severity <= 2 ? ' bad' : ''}`}>SEV{i.severity}</span> {i.title}
      </h1>
      <p class="muted">
        {i.state}
        {v.closed ? ' · closed' : i.state === 'resolved' ? ' · post-mortem due' : ''} · commander {i.commander ?? 'none'} · started {utc(times.startedAt)} UTC ·
        detected after {span(times.toDetectMs)} · acknowledged {times.toAcknowledgeMs === null ? 'not yet' : `after ${span(times.toAcknowledgeMs)}`} · recovered{' '}
        {times.toRecoverMs === null ? 'not yet' : `after ${span(times.toRecoverMs)}`}
      </p>
      {error && <p class="error-text">{error}</p>}
      {writer && i.state !== 'resolved' && i.posts.length > 0 && (
        <div class="card public-update" data-testid="public-update">
          <label>
            <input type="checkbox" checked={tell} onChange={(e) => setTell(e.currentTarget.checked)} /> Tell the status page ({i.posts.length} linked post
            {i.posts.length === 1 ? '' : 's'}) when the state changes
          </label>
          {tell && (
            <label class="field">
              <span class="label">Public update (optional)</span>
              <input type="text" name="public_update" maxLength={2000} value={publicText} onInput={(e) => setPublicText(value(e))} />
              <span class="hint">Empty: the configured words for the new state. Notes and the title here are never shown.</span>
            </label>
          )}
        </div>
      )}
      {writer && i.state !== 'resolved' && (
        <div class="actions">
          {NEXT.slice(NEXT.indexOf(i.state) + 1).map((state) => (
            <button
              key={state}
              type="button"
              onClick={() =>
                void act(
                  `${i.title}: ${state}`,
                  () => post(path, { state, ...(!tell ? { public_update: false } : publicText.trim() ? { public_update: publicText.trim() } : {}) }),
                  () => {
                    setPublicText('');
                    view.reload();
                  },
                  setError,
                )
              }
            >
              {state === 'resolved' ? 'Resolve' : `Mark ${state}`}
            </button>
          ))}
        </div>
      )}
      <div class="card">
        <h2>Timeline (UTC)</h2>
        <table class="results" data-timeline>
          <tbody>
            {v.timeline.map((e, n) => (
              <tr key={n} data-kind={e.kind}>
                <td class="small">{utc(e.at)}</td>
                <td class="msg">{e.text}</td>
                <td class="small">{e.by ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {writer && <NoteForm path={path} onDone={view.reload} />}
      </div>
      <ActionItems items={v.actionItems} path={path} writer={writer} onDone={view.reload} />
      <Postmortem path={path} version={v.timeline.length} />
    </section>
  );
}

function NoteForm({ path, onDone }: { path: string; onDone(): void }) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const submit = (event: Event) => {
    event.preventDefault();
    void act(
      'Note added',
      () => post(`${path}/notes`, { text }),
      () => (setText(''), onDone()),
      setError,
    );
  };
  return (
    <form class="inline-form" onSubmit={submit}>
      <input aria-label="Note" placeholder="What you saw or did" required maxLength={10000} value={text} onInput={(e) => setText(value(e))} />
      <button type="submit">Add note</button>
      {error && <span class="error-text">{error}</span>}
    </form>
  );
}

function ActionItems({ items, path, writer, onDone }: { items: ActionItem[]; path: string; writer: boolean; onDone(): void }) {
  const [title, setTitle] = useState('');
  const [owner, setOwner] = useState('');
  const [due, setDue] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const now = Date.now();
  const add = (event: Event) => {
    event.preventDefault();
    const body = { title, ...(owner && { owner }), ...(due && { due }) };
    void act(
      'Action item added',
      () => post(`${path}/action-items`, body),
      () => (setTitle(''), setOwner(''), setDue(''), onDone()),
      setError,
    );
  };
  return (
    <div class="card">
      <h2>Action items</h2>
      {items.length === 0 && <p class="muted small">None yet.</p>}
      <ul class="plain">
        {items.map((a) => (
          <li key={a.id} data-action-item={a.id}>
            <span class={`chip${a.state === 'open' && a.dueAt !== null && a.dueAt < now ? ' warn' : a.state !== 'open' ? ' ok' : ''}`}>{a.state}</span>{' '}
            {a.title}
            <span class="muted small">
              {' '}
              — {a.owner ?? 'no owner'}
              {a.dueAt !== null && `, due ${utc(a.dueAt).slice(0, 10)}`}
            </span>
            {writer && a.state === 'open' && (
              <button
                type="button"
                class="small"
                onClick={() => void act(`Done: ${a.title}`, () => post(`/api/v1/action-items/${a.id}`, { state: 'done' }), onDone, setError)}
              >
                Done
              </button>
            )}
          </li>
        ))}
      </ul>
      {writer && (
        <form class="inline-form" onSubmit={add}>
          <input aria-label="Action item" placeholder="What must change" required maxLength={200} value={title} onInput={(e) => setTitle(value(e))} />
          <input aria-label="Owner" placeholder="Owner" maxLength={100} value={owner} onInput={(e) => setOwner(value(e))} />
          <input aria-label="Due" type="date" value={due} onInput={(e) => setDue(value(e))} />
          <button type="submit">Add</button>
        </form>
      )}
      {error && <p class="error-text">{error}</p>}
    </div>
  );
}

/** The draft as rendered Markdown, with the Markdown and HTML files to download. */
function Postmortem({ path, version }: { path: string; version: number }) {
  const [text, setText] = useState<string | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  useEffect(() => {
    fetch(`${path}/postmortem`, { credentials: 'same-origin' })
      .then(async (res) => (res.ok ? setText(await res.text()) : setError(`the post-mortem could not be made: HTTP ${res.status}`)))
      .catch((e: unknown) => setError(String(e)));
  }, [path, version]);
  return (
    <div class="card">
      <h2>Post-mortem draft</h2>
      <p class="small">
        <a href={`${path}/postmortem`} download="postmortem.md">
          Markdown
        </a>{' '}
        ·{' '}
        <a href={`${path}/postmortem?format=html`} download="postmortem.html">
          HTML
        </a>
      </p>
      {error && <p class="error-text">{error}</p>}
      {text !== undefined && <div class="prose" data-postmortem dangerouslySetInnerHTML={{ __html: markdown(text) }} />}
    </div>
  );
}

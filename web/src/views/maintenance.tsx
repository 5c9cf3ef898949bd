/**
 * Silences and maintenance windows: which are open now, what opens in the coming week; end or
 * extend a silence, and plan, edit or delete a window made here (tocsin.yaml's are changed there).
 */
import { useState } from 'preact/hooks';
import { ApiError, del, put } from '../api.js';
import { useApi } from '../data.js';
import { ago, formatDuration, when } from '../format.js';
import { Problem } from '../parts/banner.js';
import { canWrite } from '../session.js';
import { say, session, useBox } from '../store.js';
import type { Monitor } from '../types.js';
import { WindowForm, windowBody, type StoredWindow } from './maintenance-forms.js';

interface Window extends Partial<StoredWindow> {
  id: string;
  title?: string;
  open_now: { start: number; end: number } | null;
  source?: 'config' | 'api';
  error?: string | null;
}

interface Answer {
  read_only: boolean;
  windows: Window[];
  upcoming: { name?: string; start: number; end: number; monitors?: string[] }[];
}

const HOUR = 3_600_000;
const label = (w: { id?: string; name?: string; title?: string }) => w.title ?? w.name ?? w.id ?? 'window';
const complete = (w: Window): w is Window & StoredWindow =>
  typeof w.start === 'number' && typeof w.duration === 'number' && typeof w.name === 'string' && Array.isArray(w.monitors);

async function attempt(what: () => Promise<unknown>, done: string, reload: () => void): Promise<void> {
  try {
    await what();
    say(done);
    reload();
  } catch (error) {
    say(error instanceof ApiError ? error.message : String(error), 'error');
  }
}

export function Maintenance() {
  const answer = useApi<Answer>('/api/v1/maintenance', 60_000);
  const data = answer.data;
  const monitors = useApi<{ monitors: Monitor[] }>('/api/v1/monitors', 60_000);
  const writer = canWrite(useBox(session).user);
  const [editing, setEditing] = useState<string | undefined>(undefined);
  const ids = (monitors.data?.monitors ?? []).map((m) => m.id);
  const silences = (data?.windows ?? []).filter((w) => w.silence);
  const windows = (data?.windows ?? []).filter((w) => !w.silence);
  const end = (w: Window) =>
    attempt(() => del(`/api/v1/maintenance/${encodeURIComponent(w.id)}`), `Ended ${label(w)}: ${w.monitors?.join(', ')} page again`, answer.reload);
  // A silence ends `by` later than it would have: its window keeps its start and grows.
  const extend = (w: Window & StoredWindow, by: number) =>
    attempt(
      () => put(`/api/v1/maintenance/${encodeURIComponent(w.id)}`, windowBody({ ...w, duration: w.duration + by })),
      `Extended ${label(w)} by ${formatDuration(by)}`,
      answer.reload,
    );
  return (
    <section aria-labelledby="maint-h">
      <h1 id="maint-h">Maintenance</h1>
      <Problem error={answer.error} what="the maintenance windows" />
      <p class="note">
        While a window or a silence is open, its monitors are still checked but do not page. Windows under <code>maintenance:</code> in tocsin.yaml are changed
        there.
      </p>
      <div class="card" data-testid="silences">
        <h2>Silences</h2>
        {data && silences.length === 0 && <p class="muted">No monitor is silenced. Silence one from its page or from Alerts.</p>}
        <ul class="plain">
          {silences.map((w) => (
            <li key={w.id} data-window={w.id} class="window-row">
              <div>
                <strong>{w.monitors?.join(', ')}</strong> {w.open_now ? <span class="chip warn">silenced</span> : <span class="chip">ended</span>}
                <div class="small muted" data-testid="until">
                  {complete(w) ? `until ${when(w.start + w.duration)} (${ago(w.start + w.duration)})` : ''}
                </div>
              </div>
              {writer && w.source === 'api' && complete(w) && (
                <div class="actions">
                  <button type="button" onClick={() => void extend(w, HOUR)}>
                    Extend 1 h
                  </button>
                  <button type="button" class="danger" onClick={() => void end(w)}>
                    End now
                  </button>
                </div>
              )}
            </li>
          ))}
        </ul>
      </div>
      {writer && <WindowForm monitors={ids} onDone={answer.reload} />}
      <div class="grid2">
        <div class="card" data-testid="windows">
          <h2>Windows</h2>
          {data && windows.length === 0 && <p class="muted">No maintenance windows.</p>}
          <ul class="plain">
            {windows.map((w) => (
              <li key={w.id} data-window={w.id} class="window-row">
                <div>
                  <strong>{label(w)}</strong> {w.open_now ? <span class="chip warn">open now</span> : null}
                  {w.source === 'config' && (
                    <span class="chip" title="Change it in tocsin.yaml">
                      defined in tocsin.yaml
                    </span>
                  )}
                  {w.error && (
                    <span class="chip warn" title={w.error}>
                      not in use
                    </span>
                  )}
                  <div class="small muted">
                    {w.schedule ? `cron "${w.schedule}" from ${when(w.start)}` : typeof w.start === 'number' ? `from ${when(w.start)}` : ''}
                    {typeof w.duration === 'number' ? ` for ${formatDuration(w.duration)}` : ''}
                    {w.monitors?.length ? ` · ${w.monitors.join(', ')}` : ''}
                  </div>
                  {editing === w.id && complete(w) && <WindowForm monitors={ids} editing={w} onDone={answer.reload} onCancel={() => setEditing(undefined)} />}
                </div>
                {writer && w.source === 'api' && editing !== w.id && (
                  <div class="actions">
                    {complete(w) && (
                      <button type="button" onClick={() => setEditing(w.id)}>
                        Edit
                      </button>
                    )}
                    <button
                      type="button"
                      class="danger"
                      onClick={() => {
                        if (confirm(`Delete the window "${label(w)}"? ${w.open_now ? 'It ends now: its monitors page again.' : ''}`))
                          void attempt(() => del(`/api/v1/maintenance/${encodeURIComponent(w.id)}`), `Deleted "${label(w)}"`, answer.reload);
                      }}
                    >
                      Delete
                    </button>
                  </div>
                )}
              </li>
            ))}
          </ul>
        </div>
        <div class="card">
          <h2>Next 7 days</h2>
          {data && data.upcoming.length === 0 && <p class="muted">Nothing planned.</p>}
          <ul class="plain">
            {data?.upcoming.map((u, i) => (
              <li key={i}>
                <strong>{label(u)}</strong>
                <div class="small">
                  {when(u.start)} → {when(u.end)}
                </div>
              </li>
            ))}
          </ul>
        </div>
      </div>
    </section>
  );
}

/** Maintenance windows: which are open now and what opens in the coming week. */
import { useApi } from '../data.js';
import { formatDuration, when } from '../format.js';
import { Problem } from '../parts/banner.js';
import { canWrite } from '../session.js';
import { session, useBox } from '../store.js';
import type { Monitor } from '../types.js';
import { WindowForm } from './maintenance-forms.js';

interface Window {
  id?: string;
  name?: string;
  title?: string;
  monitors?: string[];
  schedule?: string;
  start?: number;
  duration?: number;
  open_now: unknown;
  source?: 'config' | 'api';
  [key: string]: unknown;
}

interface Answer {
  read_only: boolean;
  windows: Window[];
  upcoming: { name?: string; start: number; end: number; monitors?: string[] }[];
}

const label = (w: { id?: string; name?: string; title?: string }) => w.title ?? w.name ?? w.id ?? 'window';

export function Maintenance() {
  const answer = useApi<Answer>('/api/v1/maintenance', 60_000);
  const data = answer.data;
  const monitors = useApi<{ monitors: Monitor[] }>('/api/v1/monitors', 60_000);
  const writer = canWrite(useBox(session).user);
  return (
    <section aria-labelledby="maint-h">
      <h1 id="maint-h">Maintenance</h1>
      <Problem error={answer.error} what="the maintenance windows" />
      <p class="note">
        While a window is open, its monitors are still checked but do not page. Windows under <code>maintenance:</code> in tocsin.yaml are changed there.
      </p>
      {writer && <WindowForm monitors={(monitors.data?.monitors ?? []).map((m) => m.id)} onDone={answer.reload} />}
      <div class="grid2">
        <div class="card">
          <h2>Windows</h2>
          {data && data.windows.length === 0 && <p class="muted">No maintenance windows.</p>}
          <ul class="plain">
            {data?.windows.map((w, i) => (
              <li key={i}>
                <strong>{label(w)}</strong> {w.open_now ? <span class="chip warn">open now</span> : null}
                {w.source === 'config' && <span class="chip" title="Change it in tocsin.yaml">defined in tocsin.yaml</span>}
                <div class="small muted">
                  {w.schedule ? `cron "${w.schedule}"` : typeof w.start === 'number' ? `from ${when(w.start)}` : ''}
                  {typeof w.duration === 'number' ? ` for ${formatDuration(w.duration)}` : ''}
                  {w.monitors?.length ? ` · ${w.monitors.join(', ')}` : ''}
                </div>
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

/** Maintenance windows: which are open now and what opens in the coming week. */
import { useApi } from '../data.js';
import { formatDuration, when } from '../format.js';
import { Problem } from '../parts/banner.js';

interface Window {
  id?: string;
  name?: string;
  title?: string;
  monitors?: string[];
  schedule?: string;
  start?: number;
  duration?: number;
  open_now: unknown;
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
  return (
    <section aria-labelledby="maint-h">
      <h1 id="maint-h">Maintenance</h1>
      <Problem error={answer.error} what="the maintenance windows" />
      {data?.read_only && (
        <p class="note">
          Windows are defined under <code>maintenance:</code> in tocsin.yaml; this tocsin's API does not change them yet. While a window is open, its monitors are
          still checked but do not page.
        </p>
      )}
      <div class="grid2">
        <div class="card">
          <h2>Windows</h2>
          {data && data.windows.length === 0 && <p class="muted">No maintenance windows.</p>}
          <ul class="plain">
            {data?.windows.map((w, i) => (
              <li key={i}>
                <strong>{label(w)}</strong> {w.open_now ? <span class="chip warn">open now</span> : null}
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

/** Status pages with their components, and posting incidents and updates to them. */
import { useApi } from '../data.js';
import { Problem } from '../parts/banner.js';
import { canWrite } from '../session.js';
import { session, useBox } from '../store.js';
import { Posts, type Page } from './incidents.js';

export function StatusPages() {
  const answer = useApi<{ read_only: boolean; status_pages: Page[] }>('/api/v1/status-pages', 60_000);
  const writer = canWrite(useBox(session).user);
  return (
    <section aria-labelledby="pages-h">
      <h1 id="pages-h">Status pages</h1>
      <Problem error={answer.error} what="the status pages" />
      {answer.data?.read_only && (
        <p class="note">
          Pages and their components are defined under <code>status_pages:</code> in tocsin.yaml. Incidents and planned maintenance are posted here, and appear on the public page at once.
        </p>
      )}
      {answer.data && answer.data.status_pages.length === 0 && <p class="muted">No status pages yet.</p>}
      <div class="cards wide">
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
            <Posts page={p} writer={writer} />
          </div>
        ))}
      </div>
    </section>
  );
}

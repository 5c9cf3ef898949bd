/** Status pages with their components, creating and changing the API's, and posting incidents and updates to them. */
import { useState } from 'preact/hooks';
import { useApi } from '../data.js';
import { Problem } from '../parts/banner.js';
import { canWrite } from '../session.js';
import { session, useBox } from '../store.js';
import type { Monitor } from '../types.js';
import { Posts } from './incidents.js';
import { deleteStatusPage, StatusPageForm, type PageView } from './status-page-forms.js';

export function StatusPages() {
  const answer = useApi<{ read_only: boolean; status_pages: PageView[] }>('/api/v1/status-pages', 60_000);
  const monitors = useApi<{ monitors: Monitor[] }>('/api/v1/monitors', 60_000);
  const ids = (monitors.data?.monitors ?? []).map((m) => ({ id: m.id, name: m.name, group: m.group }));
  const writer = canWrite(useBox(session).user);
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<string | undefined>(undefined);
  return (
    <section aria-labelledby="pages-h">
      <h1 id="pages-h">Status pages</h1>
      <Problem error={answer.error} what="the status pages" />
      {answer.data?.read_only && (
        <p class="note">
          Pages and their components are defined under <code>status_pages:</code> in tocsin.yaml. Incidents and planned maintenance are posted here, and appear
          on the public page at once.
        </p>
      )}
      {answer.data && !answer.data.read_only && (
        <p class="note">
          Pages under <code>status_pages:</code> in tocsin.yaml are changed there; the others can be changed here. Incidents and planned maintenance posted here
          appear on the public page at once.
        </p>
      )}
      {answer.data && answer.data.status_pages.length === 0 && <p class="muted">No status pages yet.</p>}
      {writer &&
        (creating ? (
          <StatusPageForm monitors={ids} onCancel={() => setCreating(false)} onDone={() => (setCreating(false), answer.reload())} />
        ) : (
          <button type="button" onClick={() => setCreating(true)}>
            New status page
          </button>
        ))}
      <div class="cards wide">
        {answer.data?.status_pages.map((p) => (
          <div class="card" key={p.slug}>
            {editing === p.slug && (
              <StatusPageForm existing={p} monitors={ids} onCancel={() => setEditing(undefined)} onDone={() => (setEditing(undefined), answer.reload())} />
            )}
            <div class="titlebar">
              <h2>{p.title}</h2>
              {p.source === 'config' && (
                <span class="chip" title="Change it in tocsin.yaml">
                  defined in tocsin.yaml
                </span>
              )}
              <a href={p.url} target="_blank" rel="noreferrer">
                {p.url} ↗
              </a>
              {writer && p.source === 'api' && editing !== p.slug && (
                <>
                  <button type="button" onClick={() => setEditing(p.slug)}>
                    Edit
                  </button>
                  <button type="button" class="danger" onClick={() => void deleteStatusPage(p.slug, answer.reload)}>
                    Delete
                  </button>
                </>
              )}
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

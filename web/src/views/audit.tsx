/** Who changed what, and when: the audit log, newest first, a page at a time. Secrets never appear in it. */
import { useState } from 'preact/hooks';
import { query } from '../api.js';
import { useApi } from '../data.js';
import { ago, when } from '../format.js';
import { Problem } from '../parts/banner.js';

interface Entry {
  id: string;
  at: string;
  actor: { kind: string; id: string | null; label: string };
  action: string;
  target: string;
  before: unknown;
  after: unknown;
}

export function AuditLog() {
  const [before, setBefore] = useState<string | undefined>(undefined);
  const page = useApi<{ entries: Entry[]; next: string | null }>(`/api/v1/audit${query({ limit: 25, before })}`);
  return (
    <div class="card">
      <h2>Audit log</h2>
      <Problem error={page.error} what="the audit log" />
      <table class="results" tabIndex={0}>
        <thead>
          <tr>
            <th>When</th>
            <th>Who</th>
            <th>What</th>
            <th>Changed</th>
          </tr>
        </thead>
        <tbody>
          {page.data?.entries.map((e) => (
            <tr key={e.id}>
              <td title={when(Date.parse(e.at))}>{ago(Date.parse(e.at))}</td>
              <td>{e.actor.label}</td>
              <td>
                <code>{e.action}</code> {e.target}
              </td>
              <td class="msg small">
                <details>
                  <summary>before / after</summary>
                  <pre tabIndex={0}>{JSON.stringify({ before: e.before, after: e.after }, null, 2)}</pre>
                </details>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div class="actions">
        {before && (
          <button type="button" onClick={() => setBefore(undefined)}>
            Newest
          </button>
        )}
        {page.data?.next && (
          <button type="button" onClick={() => setBefore(page.data?.next ?? undefined)}>
            Older
          </button>
        )}
      </div>
    </div>
  );
}

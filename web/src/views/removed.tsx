/**
 * What a config apply removed and can still come back: monitors restored here (admins), with their
 * history and state; channels, policies, pages and windows listed only, since the file brings them back.
 */
import { useState } from 'preact/hooks';
import { ApiError, post } from '../api.js';
import { useApi } from '../data.js';
import { ago, when } from '../format.js';
import { Problem } from '../parts/banner.js';
import { say, session, useBox } from '../store.js';

interface Removed {
  kind: string;
  id: string;
  removed_at: string;
  purged_after: string;
}

export function RemovedView() {
  const user = useBox(session).user;
  const admin = user?.role === 'admin';
  return (
    <section aria-labelledby="removed-h">
      <h1 id="removed-h">Removed</h1>
      <p class="muted">
        What an apply of tocsin.yaml (or a delete) removed. Removed objects keep their history until <code>retention.deleted</code> has passed; then
        housekeeping purges them.
      </p>
      {admin ? (
        <RemovedLists />
      ) : (
        <p class="note" role="status">
          Only admins can see and restore removed monitors; you are signed in as {user?.role ?? 'nobody'}.
        </p>
      )}
    </section>
  );
}

function RemovedLists() {
  const loaded = useApi<{ removed: Removed[] }>('/api/v1/config/removed');
  const [restored, setRestored] = useState<string[]>([]);
  const [busy, setBusy] = useState<string | undefined>(undefined);
  const all = loaded.data?.removed ?? [];
  const monitors = all.filter((o) => o.kind === 'monitor');
  const others = all.filter((o) => o.kind !== 'monitor');

  const restore = async (id: string) => {
    setBusy(id);
    try {
      await post(`/api/v1/monitors/${encodeURIComponent(id)}/restore`);
      say(`Restored ${id}: it is checked again, with its history. It is now owned by the API.`);
      setRestored((r) => [id, ...r.filter((x) => x !== id)]);
    } catch (error) {
      say(error instanceof ApiError ? error.message : String(error), 'error');
    } finally {
      setBusy(undefined);
      loaded.reload();
    }
  };

  return (
    <>
      <Problem error={loaded.error} what="what was removed" />
      {restored.length > 0 && (
        <p class="note" role="status" data-testid="restored">
          Back in the overview:{' '}
          {restored.map((id, i) => (
            <span key={id}>
              {i > 0 && ', '}
              <a href={`/monitors/${encodeURIComponent(id)}`}>{id}</a>
            </span>
          ))}
          .
        </p>
      )}
      <div class="card">
        <h2>Monitors</h2>
        {loaded.data && monitors.length === 0 && <p class="muted">No removed monitors.</p>}
        {monitors.length > 0 && (
          <table class="results" tabIndex={0}>
            <thead>
              <tr>
                <th>Monitor</th>
                <th>Removed</th>
                <th>Purged after</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {monitors.map((m) => (
                <tr key={m.id} data-removed={m.id}>
                  <td>
                    <code>{m.id}</code>
                  </td>
                  <td title={when(Date.parse(m.removed_at))}>{ago(Date.parse(m.removed_at))}</td>
                  <td>{when(Date.parse(m.purged_after))}</td>
                  <td>
                    <button
                      type="button"
                      class="primary"
                      disabled={busy !== undefined}
                      title="Bring it back with its results and state; the file no longer names it, so the API owns it"
                      onClick={() => void restore(m.id)}
                    >
                      {busy === m.id ? 'Restoring…' : 'Restore'}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <div class="card">
        <h2>Channels, policies, pages and windows</h2>
        <p class="muted">These come back by adding them to tocsin.yaml again and applying it.</p>
        {loaded.data && others.length === 0 && <p class="muted">Nothing else removed.</p>}
        {others.length > 0 && (
          <table class="results" tabIndex={0}>
            <thead>
              <tr>
                <th>Kind</th>
                <th>Id</th>
                <th>Removed</th>
                <th>Purged after</th>
              </tr>
            </thead>
            <tbody>
              {others.map((o) => (
                <tr key={`${o.kind} ${o.id}`} data-removed-object={`${o.kind} ${o.id}`}>
                  <td>{o.kind}</td>
                  <td>
                    <code>{o.id}</code>
                  </td>
                  <td title={when(Date.parse(o.removed_at))}>{ago(Date.parse(o.removed_at))}</td>
                  <td>{when(Date.parse(o.purged_after))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </>
  );
}

/** Your API tokens (the secret shown once), and for admins, the people who can sign in. */
import { useState } from 'preact/hooks';
import { ApiError, post } from '../api.js';
import { AuditLog } from './audit.js';
import { TwoFactor } from './two-factor.js';
import { Users } from './users.js';
import { useApi } from '../data.js';
import { ago } from '../format.js';
import { Problem } from '../parts/banner.js';
import { CopyLine } from '../parts/copy.js';
import { Field, value } from '../parts/form.js';
import { say, session, useBox } from '../store.js';

type Row = Record<string, unknown>;
/** The API may answer in snake_case or camelCase; read either. */
const pick = (row: Row, snake: string, camel: string) => (row[snake] ?? row[camel]) as number | null | undefined;

export function Settings() {
  const user = useBox(session).user;
  return (
    <section aria-labelledby="settings-h">
      <h1 id="settings-h">Settings</h1>
      <p class="muted">
        Signed in as <strong>{user?.email}</strong> ({user?.role}).
      </p>
      <Tokens />
      <TwoFactor enabled={user?.totp === true} />
      {user?.role === 'admin' && <Users me={user} />}
      {user && user.role !== 'viewer' && <AuditLog />}
    </section>
  );
}

function Tokens() {
  const list = useApi<{ tokens: Row[] }>('/api/v1/tokens');
  const [name, setName] = useState('');
  const [scope, setScope] = useState('read');
  const [secret, setSecret] = useState<string | undefined>(undefined);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const create = async (event: Event) => {
    event.preventDefault();
    try {
      const answer = await post<{ secret?: string; token?: string | Row }>('/api/v1/tokens', { name, scope });
      setSecret(answer.secret ?? (typeof answer.token === 'string' ? answer.token : undefined));
      setName('');
      setError(undefined);
      list.reload();
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(String(e), 0));
    }
  };
  const revoke = async (id: string, label: string) => {
    if (!confirm(`Revoke token ${label}? Scripts using it stop working at once.`)) return;
    try {
      await post(`/api/v1/tokens/${encodeURIComponent(id)}/revoke`);
      say(`Revoked ${label}`);
      list.reload();
    } catch (e) {
      say(e instanceof ApiError ? e.message : String(e), 'error');
    }
  };
  return (
    <div class="card">
      <h2>API tokens</h2>
      <p class="small muted">
        For scripts and CI: send <code>Authorization: Bearer &lt;token&gt;</code>. A read token cannot change anything.
      </p>
      <Problem error={list.error} what="your tokens" />
      {secret && (
        <div class="note" role="status">
          <strong>Copy this token now; it is not shown again.</strong>
          <CopyLine text={secret} />
        </div>
      )}
      <table class="results" tabIndex={0}>
        <thead>
          <tr>
            <th>Name</th>
            <th>Scope</th>
            <th>Created</th>
            <th>Last used</th>
            <th>
              <span class="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {list.data?.tokens.map((t) => {
            const revoked = pick(t, 'revoked_at', 'revokedAt');
            return (
              <tr key={String(t.id)} class={revoked ? 'muted' : ''}>
                <td>
                  {String(t.name)} <code class="small">{String(t.prefix ?? '')}…</code>
                </td>
                <td>{String(t.scope)}</td>
                <td>{ago(pick(t, 'created_at', 'createdAt'))}</td>
                <td>{ago(pick(t, 'last_used_at', 'lastUsedAt'))}</td>
                <td>
                  {revoked ? (
                    `revoked ${ago(revoked)}`
                  ) : (
                    <button type="button" class="danger small-button" onClick={() => void revoke(String(t.id), String(t.name))}>
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <form class="inline-form" onSubmit={create}>
        <Field label="Name" error={error?.field === 'name' ? error.message : undefined}>
          <input required placeholder="deploy script" value={name} onInput={(e) => setName(value(e))} />
        </Field>
        <Field label="Scope" error={error?.field === 'scope' ? error.message : undefined}>
          <select value={scope} onChange={(e) => setScope(value(e))}>
            <option value="read">read</option>
            <option value="write">write</option>
          </select>
        </Field>
        <button type="submit" class="primary">
          Create token
        </button>
      </form>
      {error && !error.field && <p class="problem">{error.message}</p>}
    </div>
  );
}

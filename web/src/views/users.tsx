/** Admins: who can sign in, with which role; adding and removing people. */
import { useState } from 'preact/hooks';
import { ApiError, del, patch, post } from '../api.js';
import { useApi } from '../data.js';
import { Problem } from '../parts/banner.js';
import { Field, value } from '../parts/form.js';
import { say } from '../store.js';
import type { User } from '../types.js';

type Row = Record<string, unknown>;

export function Users({ me }: { me: User }) {
  const list = useApi<{ users: Row[] }>('/api/v1/users');
  const [email, setEmail] = useState('');
  const [role, setRole] = useState('viewer');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const run = async (what: () => Promise<unknown>, done: string) => {
    try {
      await what();
      say(done);
      setError(undefined);
      list.reload();
      return true;
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(String(e), 0));
      return false;
    }
  };
  const add = async (event: Event) => {
    event.preventDefault();
    if (await run(() => post('/api/v1/users', { email, role, password }), `Added ${email} as ${role}`)) {
      setEmail('');
      setPassword('');
    }
  };
  const at = (f: string) => (error?.field === f ? error.message : undefined);
  return (
    <div class="card">
      <h2>People</h2>
      <Problem error={list.error} what="the users" />
      <table class="results" tabIndex={0}>
        <thead>
          <tr>
            <th>Email</th>
            <th>Role</th>
            <th>Second factor</th>
            <th>
              <span class="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {list.data?.users.map((u) => {
            const id = String(u.id);
            return (
              <tr key={id}>
                <td>{String(u.email)}</td>
                <td>
                  <select
                    aria-label={`Role of ${String(u.email)}`}
                    value={String(u.role)}
                    disabled={u.email === me.email}
                    onChange={(e) =>
                      void run(() => patch(`/api/v1/users/${encodeURIComponent(id)}`, { role: value(e) }), `${String(u.email)} is now ${value(e)}`)
                    }
                  >
                    <option value="viewer">viewer</option>
                    <option value="editor">editor</option>
                    <option value="admin">admin</option>
                  </select>
                </td>
                <td>{u.totp ? 'on' : 'off'}</td>
                <td>
                  {u.email !== me.email && (
                    <button
                      type="button"
                      class="danger small-button"
                      onClick={() =>
                        confirm(`Remove ${String(u.email)}? Their sessions and tokens end.`) &&
                        void run(() => del(`/api/v1/users/${encodeURIComponent(id)}`), `Removed ${String(u.email)}`)
                      }
                    >
                      Remove
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <form class="inline-form" onSubmit={add}>
        <Field label="Email" error={at('email')}>
          <input type="email" required value={email} onInput={(e) => setEmail(value(e))} />
        </Field>
        <Field label="Role" error={at('role')}>
          <select value={role} onChange={(e) => setRole(value(e))}>
            <option value="viewer">viewer</option>
            <option value="editor">editor</option>
            <option value="admin">admin</option>
          </select>
        </Field>
        <Field label="Initial password" error={at('password')}>
          <input type="password" required minLength={12} autoComplete="new-password" value={password} onInput={(e) => setPassword(value(e))} />
        </Field>
        <button type="submit" class="primary">
          Add person
        </button>
      </form>
      {error && !error.field && <p class="problem">{error.message}</p>}
    </div>
  );
}

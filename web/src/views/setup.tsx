/** First run: no user exists, and the one-time setup token printed in tocsin's log creates the first admin. */
import { useState } from 'preact/hooks';
import { ApiError } from '../api.js';
import { Field, value } from '../parts/form.js';
import { navigate } from '../router.js';
import { setUp } from '../session.js';

export function Setup() {
  const initial = new URLSearchParams(location.search).get('token') ?? '';
  const [token, setToken] = useState(initial);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const mismatch = again !== '' && again !== password ? 'the two passwords differ' : undefined;

  const submit = async (event: Event) => {
    event.preventDefault();
    if (mismatch) return;
    setBusy(true);
    try {
      await setUp(token, email, password);
      navigate('/', true);
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(String(e), 0));
    } finally {
      setBusy(false);
    }
  };
  const at = (field: string) => (error?.field === field ? error.message : undefined);

  return (
    <form class="card narrow" onSubmit={submit} aria-labelledby="setup-h">
      <h1 id="setup-h">Welcome to tocsin</h1>
      <p>Create the first admin. Open the setup link tocsin printed in its log at start ("no user can sign in yet: open …"), or paste its token here.</p>
      {error && !error.field && (
        <p class="problem" role="alert">
          {error.message}
        </p>
      )}
      <Field label="Setup token" error={at('token')}>
        <input name="token" required value={token} onInput={(e) => setToken(value(e))} autoComplete="off" />
      </Field>
      <Field label="Your email" error={at('email')}>
        <input name="email" type="email" required value={email} onInput={(e) => setEmail(value(e))} autoComplete="username" />
      </Field>
      <Field label="Password" error={at('password')} hint="At least 12 characters; a passphrase is best">
        <input name="password" type="password" required minLength={12} value={password} onInput={(e) => setPassword(value(e))} autoComplete="new-password" />
      </Field>
      <Field label="Password again" error={mismatch}>
        <input name="password2" type="password" required value={again} onInput={(e) => setAgain(value(e))} autoComplete="new-password" />
      </Field>
      <button type="submit" class="primary" disabled={busy || !!mismatch}>
        {busy ? 'Creating…' : 'Create admin and sign in'}
      </button>
      <p class="muted small">
        Already set up?{' '}
        <a
          href="/"
          onClick={(e) => {
            e.preventDefault();
            navigate('/');
          }}
        >
          Sign in
        </a>
      </p>
    </form>
  );
}

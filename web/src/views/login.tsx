import { useState } from 'preact/hooks';
import { ApiError } from '../api.js';
import { Field, value } from '../parts/form.js';
import { signIn } from '../session.js';
import { say } from '../store.js';

export function Login() {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const [needTotp, setNeedTotp] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    try {
      const notices = await signIn(email, password, needTotp ? totp : undefined);
      // Shown as a warning after the form is gone: someone tried to get into this account.
      if (notices.length > 0) say(notices.join(' '), 'error');
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError(String(e), 0);
      if (err.field === 'totp' || /totp|second factor|code/i.test(err.message)) setNeedTotp(true);
      setError(err.message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="card narrow" onSubmit={submit} aria-labelledby="login-h">
      <h1 id="login-h">
        <span class="bell" aria-hidden="true" /> Sign in to tocsin
      </h1>
      {error && (
        <p class="problem" role="alert">
          {error}
        </p>
      )}
      <Field label="Email">
        <input name="email" type="email" autoComplete="username" required autoFocus value={email} onInput={(e) => setEmail(value(e))} />
      </Field>
      <Field label="Password">
        <input name="password" type="password" autoComplete="current-password" required value={password} onInput={(e) => setPassword(value(e))} />
      </Field>
      {needTotp && (
        <Field label="Authenticator code" hint="The 6 digits your authenticator app shows for tocsin">
          <input name="totp" inputMode="numeric" autoComplete="one-time-code" pattern="\d{6}" value={totp} onInput={(e) => setTotp(value(e))} />
        </Field>
      )}
      <button type="submit" class="primary" disabled={busy}>
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
      <p class="muted small">
        No account yet? An admin adds you with <code>tocsin user add you@example.org</code>, or creates one under Settings.
      </p>
    </form>
  );
}

/** Two-factor sign-in: enrol with an authenticator app (key shown once), confirm with a code, or turn it off. */
import { useState } from 'preact/hooks';
import { ApiError, api, post } from '../api.js';
import { CopyLine } from '../parts/copy.js';
import { Field, value } from '../parts/form.js';
import { loadSession } from '../session.js';
import { say } from '../store.js';

export function TwoFactor({ enabled }: { enabled: boolean }) {
  const [enrolment, setEnrolment] = useState<{ key: string; uri: string } | undefined>(undefined);
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const run = async (what: () => Promise<unknown>, done: string) => {
    try {
      await what();
      say(done);
      setError(undefined);
      setCode('');
      setEnrolment(undefined);
      await loadSession();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  };
  const start = async () => {
    try {
      setEnrolment(await post<{ key: string; uri: string }>('/api/v1/me/totp'));
      setError(undefined);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  };
  return (
    <div class="card">
      <h2>Two-factor sign-in</h2>
      <p class="small">{enabled ? 'On: signing in asks for a code from your authenticator app.' : 'Off: a password alone signs you in.'}</p>
      {!enabled && !enrolment && (
        <button type="button" onClick={() => void start()}>
          Set up an authenticator app
        </button>
      )}
      {enrolment && (
        <div>
          <p class="small">Add this key to your authenticator app (or open the otpauth link on the phone), then type the code it shows.</p>
          <CopyLine text={enrolment.key} />
          <CopyLine text={enrolment.uri} />
        </div>
      )}
      {(enrolment || enabled) && (
        <form
          class="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            void (enabled
              ? run(() => api('DELETE', '/api/v1/me/totp', { code }), 'Two-factor sign-in is off')
              : run(() => post('/api/v1/me/totp/confirm', { code }), 'Two-factor sign-in is on'));
          }}
        >
          <Field label="Code from the app" error={error}>
            <input inputMode="numeric" autoComplete="one-time-code" pattern="\d{6}" required value={code} onInput={(e) => setCode(value(e))} />
          </Field>
          <button type="submit" class={enabled ? 'danger' : 'primary'}>
            {enabled ? 'Turn off' : 'Confirm'}
          </button>
        </form>
      )}
      {error && !enrolment && !enabled && <p class="problem">{error}</p>}
    </div>
  );
}

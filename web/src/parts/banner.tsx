/** "tocsin server unreachable — retrying" instead of a blank screen, and short-lived notices. */
import { useEffect, useState } from 'preact/hooks';
import { ago } from '../format.js';
import { liveState } from '../live.js';
import { connection, session, toast, useBox } from '../store.js';

export function Banner() {
  const conn = useBox(connection);
  const live = useBox(liveState);
  const signedIn = useBox(session).user !== null;
  const [, tick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => tick((n) => n + 1), 5000);
    return () => clearInterval(timer);
  }, []);
  if (!conn.online) {
    return (
      <div class="banner error" role="alert">
        <strong>tocsin server unreachable — retrying.</strong> Last answer {ago(conn.since)}; what you see may be out of date.
      </div>
    );
  }
  if (signedIn && live === 'down') {
    return (
      <div class="banner warn" role="status">
        Live updates interrupted — reconnecting; the page refreshes itself meanwhile.
      </div>
    );
  }
  return null;
}

export function Toast() {
  const current = useBox(toast);
  if (!current) return null;
  return (
    <div class={`toast ${current.kind}`} role={current.kind === 'error' ? 'alert' : 'status'}>
      {current.text}
    </div>
  );
}

/** An API error in words, inline where the data would have been. */
export function Problem({ error, what }: { error: { message: string; status: number } | undefined; what: string }) {
  // Unreachable is said once, by the banner at the top, not again in every panel.
  if (!error || error.status === 0) return null;
  const hint = error.status === 403 ? ' Your role does not allow this; ask an admin.' : '';
  return (
    <p class="problem" role="alert">
      Could not load {what}: {error.message.replace(/\.$/, '')}.{hint}
    </p>
  );
}

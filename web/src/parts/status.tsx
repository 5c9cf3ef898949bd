import type { Monitor, Shown } from '../types.js';

const WORDS: Record<Shown, string> = { up: 'Up', degraded: 'Degraded', down: 'Down', unknown: 'Unknown', pending: 'Pending', paused: 'Paused' };

export function shownStatus(m: Pick<Monitor, 'paused' | 'state'>): Shown {
  if (m.paused) return 'paused';
  return m.state?.status ?? 'pending';
}

/** Colour is never the only signal: the word is always there for colour-blind eyes and screen readers. */
export function StatusBadge({ status, small }: { status: Shown; small?: boolean }) {
  return (
    <span class={`badge s-${status}${small ? ' small' : ''}`}>
      <span class="dot" aria-hidden="true" />
      {WORDS[status]}
    </span>
  );
}

/** Confirmed problems: down, degraded, and unknown (the check keeps failing to judge). */
export const isBroken = (m: Monitor) => !m.paused && (m.state?.status === 'down' || m.state?.status === 'degraded' || m.state?.status === 'unknown');

/**
 * The markers of docs/states.md that qualify a monitor's confirmed status without replacing it:
 * "up, failing 1 of 3", stale, acknowledged, maintenance, silenced, flapping, blocked. Pure, so
 * the overview, the detail page and the broken list say the same words.
 */
import type { Confirming, Monitor } from './types.js';

export type MarkerKey = 'quarantined' | 'confirming' | 'stale' | 'acknowledged' | 'maintenance' | 'silenced' | 'flapping' | 'blocked';

export interface Marker {
  key: MarkerKey;
  /** The words on the chip. */
  label: string;
  /** The sentence behind it, for the tooltip and screen readers. */
  title: string;
  tone: 'bad' | 'warn' | 'ok' | 'quiet';
}

/** The same words as `tocsin status` (core/alert/confirm.ts): failing, recovering, unknown k of n. */
export function confirmingText(c: Confirming): string {
  const verb = c.toward === 'up' ? 'recovering' : c.toward === 'unknown' ? 'unknown' : 'failing';
  return c.of === undefined ? `${verb} ${c.count} of ${c.needed}` : `${verb} ${c.count} of the last ${c.of} (${c.needed} needed)`;
}

function confirmingTitle(c: Confirming): string {
  if (c.toward === 'up') return `The latest ${c.count} result(s) passed; ${c.needed} in a row confirm the recovery.`;
  return `The latest result(s) point to ${c.toward}, not confirmed yet: ${c.needed} are needed before anyone is told.`;
}

export function markersOf(m: Pick<Monitor, 'paused' | 'state'> & Partial<Pick<Monitor, 'quarantined'>>): Marker[] {
  const s = m.state;
  if (m.paused) return [];
  const out: Marker[] = [];
  if (m.quarantined) {
    const since = new Date(m.quarantined.at).toLocaleString();
    out.push({
      key: 'quarantined',
      label: 'quarantined',
      title: `Not checked since ${since}: its check was running when the engine froze at two restarts in a row (${m.quarantined.reason}). Edit or release it to check it again.`,
      tone: 'bad',
    });
  }
  if (!s) return out;
  if (s.confirming) {
    const tone = s.confirming.toward === 'up' ? 'ok' : s.confirming.toward === 'unknown' ? 'quiet' : 'warn';
    out.push({ key: 'confirming', label: confirmingText(s.confirming), title: confirmingTitle(s.confirming), tone });
  }
  if (s.stale)
    out.push({
      key: 'stale',
      label: 'stale',
      title: 'No result for longer than 2 × interval + timeout: the state shown is the last one known and may no longer be true.',
      tone: 'warn',
    });
  if (s.acknowledged)
    out.push({
      key: 'acknowledged',
      label: 'acknowledged',
      title: `Acknowledged by ${s.acknowledged.by}: escalation and reminders stop until it recovers.`,
      tone: 'ok',
    });
  if (s.in_maintenance)
    out.push({
      key: 'maintenance',
      label: 'maintenance',
      title: 'A planned maintenance window holds this monitor: results are recorded, notifications wait until it ends.',
      tone: 'quiet',
    });
  if (s.silenced) out.push({ key: 'silenced', label: 'silenced', title: 'Silenced: still checked, no notifications until the silence ends.', tone: 'quiet' });
  if (s.flapping)
    out.push({
      key: 'flapping',
      label: 'flapping',
      title: 'Changing state too often: one notification said so, the rest wait until it settles.',
      tone: 'warn',
    });
  if (s.blocked_by?.length) {
    out.push({
      key: 'blocked',
      label: `blocked by ${s.blocked_by.join(', ')}`,
      title: `A monitor it depends on is down (${s.blocked_by.join(', ')}): its notifications wait.`,
      tone: 'quiet',
    });
  }
  return out;
}

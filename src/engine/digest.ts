/**
 * One notification standing for several that are due at once on a rate-limited channel: a
 * partition that downs 10,000 monitors becomes a few Slack messages that name them, rather
 * than 10,000 messages sent over three hours or dropped. Pure.
 */
import { createHash } from 'node:crypto';
import { eventFor, type Notification } from '../channels/types.js';
import type { Status } from '../core/types.js';

/** Enough names to recognise the pattern; the rest are counted. */
const LISTED = 20;
const REASON_MAX = 100;

const ORDER: Status[] = ['down', 'unknown', 'degraded', 'up'];

export function buildDigest(items: readonly Notification[], now: number): Notification {
  const counts = countStates(items);
  const worst = ORDER.find((state) => counts[state] > 0) ?? 'up';
  const summary = ORDER.filter((state) => counts[state] > 0)
    .map((state) => `${counts[state]} ${state}`)
    .join(', ');
  const listed = sorted(items).slice(0, LISTED).map(describeItem);
  const more = items.length > LISTED ? `; … and ${items.length - LISTED} more` : '';
  const id = `dig_${createHash('sha256')
    .update(items.map((n) => n.id).join(','))
    .digest('hex')
    .slice(0, 24)}`;
  const since = items.map((n) => n.since).reduce((a, b) => (Date.parse(a) <= Date.parse(b) ? a : b), new Date(now).toISOString());
  return {
    id,
    event: eventFor(worst),
    at: new Date(now).toISOString(),
    monitor: { id: 'tocsin.digest', name: `${items.length} monitors`, type: 'digest', target: `${items.length} monitors changed state: ${summary}` },
    state: worst,
    previous_state: worst === 'up' ? 'down' : 'up',
    since,
    message: `${items.length} monitors changed state: ${summary} — ${listed.join('; ')}${more}`,
    dedup_key: `digest/${id}`,
  };
}

function countStates(items: readonly Notification[]): Record<Status, number> {
  const counts: Record<Status, number> = { up: 0, degraded: 0, down: 0, unknown: 0 };
  for (const n of items) counts[n.state] += 1;
  return counts;
}

/** Worst first, so the names a person reads first are the ones that are down. */
function sorted(items: readonly Notification[]): Notification[] {
  return [...items].sort((a, b) => ORDER.indexOf(a.state) - ORDER.indexOf(b.state));
}

function describeItem(n: Notification): string {
  const reason = n.message.length > REASON_MAX ? `${n.message.slice(0, REASON_MAX - 1)}…` : n.message;
  const what = n.event === 'tocsin.self' ? '' : ` ${n.state.toUpperCase()}`;
  return `${n.monitor.name}${what}: ${reason}`;
}

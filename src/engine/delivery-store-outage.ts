/**
 * The last resort when tocsin cannot write to its own database: what the fallback channels are
 * told, straight from memory, and when. One notice per channel per outage, a follow-up when more
 * monitors changed state (at most every few minutes) or a reminder at a long interval, and
 * "writable again" when it recovers. Pure: the store watch (delivery-last-resort.ts) decides nothing itself.
 */
import type { Notification } from '../channels/types.js';
import { formatDuration } from '../channels/message.js';
import { plural } from '../lib/plural.js';
import type { OutboxInsert } from '../store/outbox.js';

export interface OutagePolicy {
  /** A store failing this long (a blip, a lock, a failover heals sooner) is told about. */
  noticeAfterMs: number;
  /** More monitors changed state since a channel was last told: it hears of them, at most this often. */
  updateEveryMs: number;
  /** Nothing new: a reminder this often, so an outage that lasts is not forgotten. */
  remindEveryMs: number;
  /** Writable again for this long before "writable again" is sent, so a flapping disk is one outage, not ten. */
  settleMs: number;
}

export const defaultOutagePolicy: OutagePolicy = { noticeAfterMs: 10_000, updateEveryMs: 5 * 60_000, remindEveryMs: 60 * 60_000, settleMs: 10_000 };

/** What one channel has been told of the current outage. */
export interface Told {
  at: number;
  /** Monitors that had changed state by then. */
  changes: number;
}

export type Owed = 'notice' | 'reminder';

export function owedMessage(since: number, told: Told | undefined, changes: number, now: number, policy: OutagePolicy): Owed | undefined {
  if (!told) return now - since >= policy.noticeAfterMs ? 'notice' : undefined;
  const quiet = now - told.at;
  if (quiet >= policy.remindEveryMs || (changes > told.changes && quiet >= policy.updateEveryMs)) return 'reminder';
  return undefined;
}

/** The monitors whose notifications are held, each with the state it was last notified in, oldest change first. */
export function heldChanges(held: readonly OutboxInsert[]): Array<{ name: string; state: string }> {
  const latest = new Map<string, { name: string; state: string }>();
  for (const row of held) {
    if (!row.notification.event.startsWith('monitor.')) continue;
    latest.delete(row.monitorId);
    latest.set(row.monitorId, { name: row.notification.monitor.name, state: row.notification.state });
  }
  return [...latest.values()];
}

/** Enough names to act on; the rest are counted. */
const LISTED = 10;
const REASON_MAX = 200;

export function outageMessage(owed: Owed, since: number, reason: string, changes: ReturnType<typeof heldChanges>, now: number): Notification {
  const why = reason.length > REASON_MAX ? `${reason.slice(0, REASON_MAX - 1)}…` : reason;
  const listed = changes.slice(0, LISTED).map((c) => `${c.name} ${c.state.toUpperCase()}`);
  const more = changes.length > LISTED ? `, … and ${changes.length - LISTED} more` : '';
  const meanwhile =
    changes.length === 0 ? 'no monitor changed state meanwhile' : `${plural(changes.length, 'monitor')} changed state meanwhile: ${listed.join(', ')}${more}`;
  const head = owed === 'notice' ? 'tocsin cannot write to its database' : `tocsin still cannot write to its database after ${formatDuration(now - since)}`;
  // One id per message, kept across its retries (receivers deduplicate on it), new for each reminder.
  return storeNotification(`store_${since.toString(36)}_${now.toString(36)}`, 'down', since, now, `${head} (${why}): alerts are held in memory; ${meanwhile}`);
}

export function writableAgainMessage(since: number, now: number): Omit<Notification, 'id'> {
  const { id: _id, ...notification } = storeNotification(
    '',
    'up',
    since,
    now,
    `tocsin can write to its database again after ${formatDuration(now - since)}; the notifications held in memory are being delivered`,
  );
  return notification;
}

/** One dedup key per outage: PagerDuty and Opsgenie fold the notice, its reminders and the recovery into one alert. */
export function outageKey(since: number): string {
  return `store/${since}`;
}

function storeNotification(id: string, state: 'up' | 'down', since: number, now: number, message: string): Notification {
  return {
    id,
    event: 'tocsin.self',
    at: new Date(now).toISOString(),
    monitor: { id: 'tocsin', name: 'tocsin database', type: 'store', target: 'database' },
    state,
    previous_state: state === 'up' ? 'down' : 'up',
    since: new Date(since).toISOString(),
    message,
    dedup_key: outageKey(since),
  };
}

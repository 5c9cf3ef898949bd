/**
 * The alert about tocsin itself after a restart. The supervisor only knows
 * why it restarted the engine; it hands that to the new engine in
 * TOCSIN_RESTART, and the engine writes one `tocsin.self` notification per
 * channel through the normal outbox — the supervisor stays too simple to fail.
 */
import { hostname } from 'node:os';
import type { Notification } from '../channels/types.js';
import { nameMonitors } from '../core/quarantine.js';
import { seconds } from '../core/watchdog.js';
import { insertNotifications, outboxId, type OutboxInsert } from '../store/outbox.js';
import type { Db } from '../store/schema.js';
import type { RestartNotice } from './restart-notice-env.js';

export { RESTART_ENV, decodeNotice, encodeNotice, type RestartNotice } from './restart-notice-env.js';

/** "engine restarted: event loop blocked for 9.2 s; down from 02:14:05 to 02:14:12 UTC (7.0 s), checks scheduled then were missed". */
export function noticeMessage(notice: RestartNotice, backAt: number): string {
  const why = notice.reasons.join('; then ');
  const times = `${clock(notice.downSince)} to ${clock(backAt)} UTC (${seconds(Math.max(0, backAt - notice.downSince))})`;
  const loop = notice.restarts > 1 ? `; ${notice.restarts} restarts in a row` : '';
  return `engine restarted: ${why}; down from ${times}${loop}; runs that fell due meanwhile are recorded as missed${quarantineText(notice.quarantine ?? [])}`;
}

function quarantineText(ids: readonly string[]): string {
  if (ids.length === 0) return '';
  const release = ids.length === 1 ? `POST /api/v1/monitors/${ids[0]}/release` : 'POST /api/v1/monitors/<id>/release';
  return `; quarantined ${nameMonitors(ids)}: running at two freezes in a row, not checked until edited or released (${release})`;
}

export function buildNotices(notice: RestartNotice, channels: readonly string[], backAt: number, address: string): OutboxInsert[] {
  const notification: Omit<Notification, 'id'> = {
    event: 'tocsin.self',
    at: new Date(backAt).toISOString(),
    monitor: { id: 'tocsin', name: 'tocsin engine', type: 'self', target: `${hostname()} (${address})` },
    state: 'down',
    previous_state: 'up',
    since: new Date(notice.downSince).toISOString(),
    message: noticeMessage(notice, backAt),
    dedup_key: `tocsin/engine/restart/${notice.downSince}`,
  };
  return channels.map((channel) => {
    const id = outboxId(backAt);
    return { id, dedupKey: notification.dedup_key, channel, monitorId: 'tocsin', notification: { ...notification, id }, createdAt: backAt };
  });
}

export async function enqueueRestartNotice(db: Db, notice: RestartNotice, channels: readonly string[], backAt: number, address: string): Promise<number> {
  const rows = buildNotices(notice, channels, backAt, address);
  await insertNotifications(db, rows);
  return rows.length;
}

function clock(at: number): string {
  return new Date(at).toISOString().slice(11, 19);
}

/**
 * What became of the notifications of each open episode: delivered, still queued or retrying, or
 * given up. "Told" means a channel took the message, not that the engine meant to send it.
 * Errors are masked again on the way out (docs/security.md).
 */
import { maskSecretText } from '../../channels/secrets.js';
import type { ChannelConfig } from '../../schema/channels.js';
import { withOutbox } from '../../store/outbox.js';
import type { Db } from '../../store/schema.js';

export type DeliveryState = 'delivered' | 'queued' | 'retrying' | 'failed';

export interface DeliveryView {
  channel: string;
  event: string;
  /** Escalation step of a monitor.down; null for other events. */
  step: number | null;
  state: DeliveryState;
  attempts: number;
  created_at: number;
  delivered_at: number | null;
  failed_at: number | null;
  next_attempt_at: number | null;
  last_error: string | null;
}

export interface Episode {
  monitorId: string;
  episode: number;
  /** When the episode began: none of its notifications is older. */
  since: number;
}

const IDS_PER_QUERY = 500;

/** Pure: a row's place in the episode (the outbox key is `monitor|episode:event[:step]|channel`). */
export function stepOf(dedupKey: string): number | null {
  const match = /^[^|]*\|\d+:monitor\.down:(\d+)\|/.exec(dedupKey);
  return match ? Number(match[1]) : null;
}

export function deliveryState(row: { delivered_at: number | null; dead_at: number | null; attempts: number }): DeliveryState {
  if (row.delivered_at !== null) return 'delivered';
  if (row.dead_at !== null) return 'failed';
  return row.attempts > 0 ? 'retrying' : 'queued';
}

export async function episodeDeliveries(
  db: Db,
  episodes: readonly Episode[],
  channels: Readonly<Record<string, ChannelConfig>>,
): Promise<Map<string, DeliveryView[]>> {
  const out = new Map<string, DeliveryView[]>(episodes.map((e) => [e.monitorId, []]));
  const byId = new Map(episodes.map((e) => [e.monitorId, e]));
  for (let i = 0; i < episodes.length; i += IDS_PER_QUERY) {
    const batch = episodes.slice(i, i + IDS_PER_QUERY);
    const oldest = Math.min(...batch.map((e) => e.since));
    const rows = await withOutbox(db)
      .selectFrom('outbox')
      .select(['monitor_id', 'dedup_key', 'channel', 'event', 'created_at', 'attempts', 'delivered_at', 'dead_at', 'next_attempt_at', 'last_error'])
      .where(
        'monitor_id',
        'in',
        batch.map((e) => e.monitorId),
      )
      .where('created_at', '>=', oldest)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    for (const raw of rows) {
      const e = byId.get(raw.monitor_id);
      if (!e || !raw.dedup_key.startsWith(`${e.monitorId}|${e.episode}:`)) continue;
      // Timestamps may come back as strings from drivers that read bigint as text.
      const row = { ...raw, attempts: Number(raw.attempts), delivered_at: nullableNumber(raw.delivered_at), dead_at: nullableNumber(raw.dead_at) };
      const state = deliveryState(row);
      const channel = Object.hasOwn(channels, row.channel) ? channels[row.channel] : undefined;
      out.get(e.monitorId)?.push({
        channel: row.channel,
        event: row.event,
        step: stepOf(row.dedup_key),
        state,
        attempts: row.attempts,
        created_at: Number(row.created_at),
        delivered_at: row.delivered_at,
        failed_at: row.dead_at,
        next_attempt_at: state === 'queued' || state === 'retrying' ? Number(row.next_attempt_at) : null,
        last_error: row.last_error === null ? null : maskSecretText(row.last_error, channel),
      });
    }
  }
  return out;
}

function nullableNumber(value: number | string | null): number | null {
  return value === null ? null : Number(value);
}

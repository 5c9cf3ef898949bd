/**
 * The tocsin.self notifications the fallback channels receive about other channels: failing for
 * longer than the threshold, working again, notifications given up. Pure: the worker decides when.
 */
import type { Notification } from '../channels/types.js';
import { formatDuration } from '../channels/message.js';

export interface ChannelNotice {
  /** Stable for one occurrence, so a retried or concurrent report is stored once. */
  dedupKey: string;
  notification: Omit<Notification, 'id'>;
}

function selfNotice(channel: string, dedupKey: string, now: number, since: number, state: 'up' | 'down', message: string): ChannelNotice {
  return {
    dedupKey,
    notification: {
      event: 'tocsin.self',
      at: new Date(now).toISOString(),
      monitor: { id: 'tocsin', name: `tocsin channel ${channel}`, type: 'channel', target: channel },
      state,
      previous_state: state === 'up' ? 'down' : 'up',
      since: new Date(since).toISOString(),
      message,
      dedup_key: dedupKey,
    },
  };
}

export function failingNotice(channel: string, failingSince: number, lastError: string, now: number): ChannelNotice {
  const message = `notifications to ${channel} have failed for ${formatDuration(now - failingSince)}: ${lastError}; they are kept and retried`;
  return selfNotice(channel, `channel/${channel}/failing/${failingSince}`, now, failingSince, 'down', message);
}

export function recoveredNotice(channel: string, failingSince: number, now: number): ChannelNotice {
  const message = `notifications to ${channel} work again after ${formatDuration(now - failingSince)} of failures; the ones kept are being delivered`;
  return selfNotice(channel, `channel/${channel}/recovered/${failingSince}`, now, failingSince, 'up', message);
}

export interface DeadSummary {
  count: number;
  upTo: number;
  lastError: string;
  examples: Array<{ monitorId: string; event: string }>;
}

export function deadNotice(channel: string, dead: DeadSummary, now: number): ChannelNotice {
  const what = dead.count === 1 ? '1 notification' : `${dead.count} notifications`;
  const examples = dead.examples.map((e) => `${e.event} of ${e.monitorId}`).join(', ');
  const message = `gave up on ${what} to ${channel} (${examples}${dead.count > dead.examples.length ? ', …' : ''}): ${dead.lastError}; check the channel's settings`;
  return selfNotice(channel, `channel/${channel}/dead/${dead.upTo}`, now, dead.upTo, 'down', message);
}

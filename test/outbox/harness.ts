/** A worker on a real store, real channels and real local receivers, with time shrunk by small backoffs. */
import type { Notification } from '../../src/channels/types.js';
import { notification } from '../../src/channels/testing/fixtures.js';
import type { ChannelConfig } from '../../src/channels/types.js';
import { channelSender } from '../../src/engine/channel-sender.js';
import { DeliveryWorker, type DeliveryOptions } from '../../src/engine/delivery.js';
import { systemClock } from '../../src/lib/clock.js';
import { silentLogger } from '../../src/lib/logger.js';
import { insertNotifications, outboxId, type OutboxInsert } from '../../src/store/outbox.js';
import type { Db } from '../../src/store/schema.js';
import type { Received } from '../../src/channels/testing/receiver.js';

export const fastRetry: Partial<DeliveryOptions> = {
  retry: { baseMs: 50, capMs: 200, retryForMs: 86_400_000 },
  pollMs: 50,
  watchEveryMs: 50,
};

export function worker(db: Db, channels: Record<string, ChannelConfig>, options: Partial<DeliveryOptions> = {}, fallback: string[] = []): DeliveryWorker {
  return new DeliveryWorker({
    db,
    clock: systemClock,
    logger: silentLogger(),
    channels: () => channels,
    fallback: () => fallback,
    send: channelSender(),
    options: { ...fastRetry, ...options },
  });
}

export function webhook(url: string): ChannelConfig {
  return { type: 'webhook', url, headers: {} };
}

/** One notification for `monitorId`, as the alerting service would write it. */
export function entry(channel: string, monitorId: string, event: 'monitor.down' | 'monitor.up' = 'monitor.down', now = Date.now()): OutboxInsert {
  const id = outboxId(now);
  const n: Notification = notification(event, {
    id,
    monitor: { id: monitorId, name: monitorId, type: 'http', target: `https://${monitorId}.example.org/` },
    dedup_key: `${monitorId}/1`,
  });
  return { id, dedupKey: `1:${event}`, channel, monitorId, notification: n, createdAt: now };
}

export async function enqueue(db: Db, rows: OutboxInsert[]): Promise<void> {
  await insertNotifications(db, rows);
}

export function bodyOf(request: Received): { id: string; event: string; monitor: { id: string }; message: string } {
  return JSON.parse(request.body.toString('utf8')) as { id: string; event: string; monitor: { id: string }; message: string };
}

/** Polls `done` every 20 ms for at most `ms`; bounded, so a broken worker fails the test instead of hanging it. */
export async function until(done: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await done()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`condition not met within ${ms} ms`);
}

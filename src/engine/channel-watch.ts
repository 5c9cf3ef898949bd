/**
 * Watches the channels from the outbox's side: tells the fallback channels when a channel has
 * failed past the threshold or notifications to it were given up, gives up rows of channels no
 * longer configured, and keeps the figures /healthz reports. Each report is claimed in the same
 * transaction as the notices it enqueues, so a crash or a second instance never tells twice.
 */
import { maskSecretText } from '../channels/secrets.js';
import type { ChannelConfig } from '../channels/types.js';
import type { Logger } from '../lib/logger.js';
import { claimDeadReport, claimFailureAlert, listChannelHealth, type ChannelHealth } from '../store/channel-health.js';
import { insertNotifications, killChannel, outboxId, pendingSummary } from '../store/outbox.js';
import type { Db } from '../store/schema.js';
import { inTransaction } from '../store/tx.js';
import { deadNotice, failingNotice, type ChannelNotice } from './channel-notices.js';

export interface WatchSnapshot {
  pending: number;
  oldestUndeliveredAt: number | undefined;
  /** Configured channels whose latest attempts fail. */
  failing: ChannelHealth[];
}

export interface WatchDeps {
  db: Db;
  logger: Logger;
  channels: () => Record<string, ChannelConfig>;
  fallback: () => string[];
}

/** The fallback channels that can hear about `channel`: all but itself (a notice there would not arrive). */
export function othersThan(channel: string, fallback: readonly string[]): string[] {
  return fallback.filter((c) => c !== channel);
}

/** Enqueues `notice` on each of `targets`, in the caller's transaction when given one. */
export async function enqueueNotice(db: Db, notice: ChannelNotice, targets: readonly string[], now: number): Promise<number> {
  const rows = targets.map((channel) => {
    const id = outboxId(now);
    return { id, dedupKey: notice.dedupKey, channel, monitorId: 'tocsin', notification: { ...notice.notification, id }, createdAt: now };
  });
  await insertNotifications(db, rows);
  return rows.length;
}

export class ChannelWatch {
  private snapshot_: WatchSnapshot = { pending: 0, oldestUndeliveredAt: undefined, failing: [] };
  private readonly lastDeadReport = new Map<string, number>();

  constructor(
    private readonly deps: WatchDeps,
    private readonly options: { failingAfterMs: number; deadReportEveryMs: number },
  ) {}

  snapshot(): WatchSnapshot {
    return this.snapshot_;
  }

  async run(now: number): Promise<void> {
    const channels = this.deps.channels();
    const summary = await pendingSummary(this.deps.db);
    const removed = summary.channels.filter((channel) => !channels[channel]);
    for (const channel of removed) {
      await killChannel(this.deps.db, channel, now, `channel ${channel} is no longer in the configuration`);
      this.deps.logger.error(`gave up the notifications waiting for ${channel}: that channel is no longer configured`);
    }
    // Errors are stored masked; masking again on the way out covers rows written before that was so.
    const health = (await listChannelHealth(this.deps.db))
      .filter((h) => channels[h.channel])
      .map((h) => ({ ...h, lastError: h.lastError === null ? null : maskSecretText(h.lastError, channels[h.channel]) }));
    for (const h of health)
      if (h.failingSince !== null && h.alertedAt === null && now - h.failingSince >= this.options.failingAfterMs) await this.reportFailing(h, now);
    for (const channel of [...Object.keys(channels), ...removed]) await this.reportDead(channel, now);
    const after = removed.length > 0 ? await pendingSummary(this.deps.db) : summary;
    this.snapshot_ = { pending: after.pending, oldestUndeliveredAt: after.oldestCreatedAt, failing: health.filter((h) => h.failingSince !== null) };
  }

  private async reportFailing(h: ChannelHealth, now: number): Promise<void> {
    const failingSince = h.failingSince ?? now;
    const notice = failingNotice(h.channel, failingSince, h.lastError ?? 'unknown error', now);
    const told = await inTransaction(this.deps.db, async (trx) => {
      if (!(await claimFailureAlert(trx, h.channel, failingSince, now))) return undefined;
      return enqueueNotice(trx, notice, othersThan(h.channel, this.deps.fallback()), now);
    });
    if (told !== undefined) this.log(told, notice);
  }

  /** At most one report per channel per interval, so a channel refusing 10,000 notifications is one message, not 10,000. */
  private async reportDead(channel: string, now: number): Promise<void> {
    const last = this.lastDeadReport.get(channel);
    if (last !== undefined && now - last < this.options.deadReportEveryMs) return;
    const result = await inTransaction(this.deps.db, async (trx) => {
      const dead = await claimDeadReport(trx, channel, now);
      if (!dead) return undefined;
      const notice = deadNotice(channel, { ...dead, lastError: maskSecretText(dead.lastError, this.deps.channels()[channel]) }, now);
      return { notice, told: await enqueueNotice(trx, notice, othersThan(channel, this.deps.fallback()), now) };
    });
    if (!result) return;
    this.lastDeadReport.set(channel, now);
    this.log(result.told, result.notice);
  }

  private log(told: number, notice: ChannelNotice): void {
    const text = notice.notification.message;
    if (told > 0) this.deps.logger.error(`${text} (told ${told} fallback channels)`);
    else this.deps.logger.error(`${text} (no other fallback channel is configured to tell: set escalations.fallback)`);
  }
}

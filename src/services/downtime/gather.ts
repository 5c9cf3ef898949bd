/**
 * Runs one gathering after a downtime: notifications the alerting pipeline writes during the
 * window are held (written due later, in the same transaction as the state change), and at the
 * window's end folded into one digest per channel. Without a downtime it changes nothing.
 */
import type { WriteBatch } from '../../engine/result-writer.js';
import type { Clock } from '../../lib/clock.js';
import type { Logger } from '../../lib/logger.js';
import { outboxId } from '../../store/outbox.js';
import type { Db } from '../../store/schema.js';
import { foldHeld } from './fold.js';
import { downWhen } from './message.js';
import { holdRows, type DigestWindow } from './window.js';

export interface GatherDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  window: DigestWindow | undefined;
  /** Digests were written: wake delivery. */
  onFolded(): void;
  /** Cluster mode: another instance gathers this window and folds it; this one only holds its notifications. */
  foldedBy?: string;
  /** Cluster mode: gives the gathering's lease back once folded. */
  release?: () => Promise<void>;
}

/** A fold that fails (the store is down) is retried this often until the held rows fall due. */
const RETRY_MS = 1_000;

export class DowntimeGathering {
  private timer: NodeJS.Timeout | undefined;
  private done = false;

  constructor(private readonly deps: GatherDeps) {}

  /** For the writer: the batch with its notifications held while the window is open. */
  hold(batch: WriteBatch): WriteBatch {
    const { window } = this.deps;
    if (!window || this.done || batch.notifications.length === 0) return batch;
    return { ...batch, notifications: holdRows(batch.notifications, window) };
  }

  start(): void {
    const { window, logger } = this.deps;
    if (!window) return;
    const wait = Math.max(0, window.until - this.deps.clock.now());
    if (this.deps.foldedBy !== undefined) {
      logger.warn(
        { until: window.until, folded_by: this.deps.foldedBy },
        `${this.deps.foldedBy} gathers the state changes after the cluster's downtime: holding this instance's for ${Math.round(wait / 1000)} s into its digest`,
      );
      return;
    }
    logger.warn(
      { down_since: window.downSince, until: window.until },
      `${downWhen(window)}; gathering state changes for ${Math.round(wait / 1000)} s into one digest per channel`,
    );
    this.schedule(wait);
  }

  stop(): void {
    clearTimeout(this.timer);
    this.done = true;
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => void this.fold(), delayMs);
    this.timer.unref();
  }

  private async fold(): Promise<void> {
    const window = this.deps.window;
    if (!window || this.done) return;
    const now = this.deps.clock.now();
    try {
      const folded = await foldHeld(this.deps.db, window, now, () => outboxId(now));
      this.done = true;
      void this.released();
      for (const f of folded)
        this.deps.logger.warn({ channel: f.channel, notifications: f.count }, `downtime digest to ${f.channel}: ${f.count} notifications in one`);
      if (folded.length > 0) this.deps.onFolded();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (now + RETRY_MS < window.heldAt) {
        this.deps.logger.error(`folding the downtime digest failed: ${message}; retrying`);
        this.schedule(RETRY_MS);
      } else {
        this.done = true;
        void this.released();
        this.deps.logger.error(`folding the downtime digest failed: ${message}; the held notifications go one by one`);
      }
    }
  }

  /** A lease left behind lapses by itself within lease_ttl: a failure here is only logged. */
  private async released(): Promise<void> {
    await this.deps.release?.().catch((error: unknown) => this.deps.logger.warn(`could not give the digest lease back: ${String(error)}`));
  }
}

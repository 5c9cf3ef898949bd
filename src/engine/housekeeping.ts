import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import { rollUp } from '../store/rollups.js';
import { pruneOutbox } from '../store/outbox.js';
import { prune, rebuildResultIndexes } from '../store/retention.js';
import { purgeDeleted } from '../store/purge-deleted.js';
import type { Db } from '../store/schema.js';

/**
 * Rolls raw results up into minute, hourly and daily aggregates and prunes what is
 * past retention, every few minutes. Errors are logged and retried next round:
 * a failed prune must never stop checks.
 */
export class Housekeeping {
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly retention: () => { raw: number; successes?: number; minute?: number; rollups: number; hourly?: number; deleted?: number },
    private readonly every = 5 * 60_000,
    /** Several instances on one store: only the one this answers true on does the work. */
    private readonly shouldRun: () => boolean = () => true,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.runOnce(), this.every);
    this.timer.unref();
    setTimeout(() => void this.runOnce(), 10_000).unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  async runOnce(): Promise<void> {
    if (this.running || !this.shouldRun()) return;
    this.running = true;
    try {
      const now = this.clock.now();
      // An hour is rolled up a minute after it ends, so results still in the writer's batch count.
      await rollUp(this.db, now, { settleMs: 60_000 });
      const { raw, successes, minute, rollups, hourly } = this.retention();
      const pruned = await prune(this.db, now, {
        rawMs: raw,
        rollupsMs: rollups,
        ...(hourly !== undefined && { hourlyMs: hourly }),
        ...(successes !== undefined && { successesMs: successes }),
        ...(minute !== undefined && { minuteMs: minute }),
      });
      // PostgreSQL: the index pages pruning leaves sparse are given back once a day.
      const rebuilt = await rebuildResultIndexes(this.db, now);
      // Delivered and given-up notifications are history like raw results; pending ones are never pruned.
      const notifications = await pruneOutbox(this.db, now - raw);
      // Soft-deleted monitors and config objects stay restorable for retention.deleted (default 30 days).
      const purged = await purgeDeleted(this.db, now - (this.retention().deleted ?? 30 * 86_400_000));
      this.logger.debug({ pruned, rebuilt, notifications, purged }, 'housekeeping done');
    } catch (error) {
      this.logger.error({ err: (error as Error).message }, `housekeeping failed: ${(error as Error).message}`);
    } finally {
      this.running = false;
    }
  }
}

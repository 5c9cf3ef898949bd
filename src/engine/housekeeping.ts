import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import type { HousekeepingReport, RetentionMs } from '../store/housekeep.js';

/** One round over the store (store/housekeep.ts), on the engine's thread or a worker's. */
export type HousekeepingRound = (now: number, retention: RetentionMs) => Promise<HousekeepingReport>;

/**
 * Rolls raw results up into minute, hourly and daily aggregates and prunes what is
 * past retention, every few minutes. Errors are logged and retried next round:
 * a failed prune must never stop checks.
 */
export class Housekeeping {
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(
    private readonly round: HousekeepingRound,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly retention: () => RetentionMs,
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
      const report = await this.round(this.clock.now(), this.retention());
      this.logger.debug(report, 'housekeeping done');
    } catch (error) {
      this.logger.error({ err: (error as Error).message }, `housekeeping failed: ${(error as Error).message}`);
    } finally {
      this.running = false;
    }
  }
}

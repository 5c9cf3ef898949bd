/**
 * Stores the CI jobs an intake route received, and keeps the table within ci_intake.retention: old
 * jobs are pruned from the request path at most once an hour, so the intake needs no timer of its own
 * and a tocsin that receives nothing has nothing to prune.
 */
import type { CiJob } from '../core/ci/job.js';
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import { pruneCiJobs, upsertCiJobs } from '../store/ci-jobs.js';
import type { Db } from '../store/schema.js';

const PRUNE_EVERY = 3_600_000;

export interface CiJobIntakeDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  /** ci_intake.retention, read per call so a reload applies. */
  retention(): number;
}

export class CiJobIntake {
  private lastPrune = Number.NEGATIVE_INFINITY;
  private pruning: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: CiJobIntakeDeps) {}

  async receive(jobs: readonly CiJob[]): Promise<void> {
    const now = this.deps.clock.now();
    await upsertCiJobs(this.deps.db, jobs, now);
    if (now - this.lastPrune >= PRUNE_EVERY) {
      this.lastPrune = now;
      // Not awaited by the sender: a slow delete must not make CI systems retry their webhooks.
      this.pruning = pruneCiJobs(this.deps.db, now - this.deps.retention()).then(
        (n) => n > 0 && this.deps.logger.info({ deleted: n }, `pruned ${n} CI jobs older than the retention`),
        (error: unknown) => this.deps.logger.warn({ err: error }, `CI jobs could not be pruned: ${String(error)}`),
      );
    }
  }

  /** Resolves once a prune started by receive() has finished (tests). */
  settled(): Promise<unknown> {
    return this.pruning;
  }
}

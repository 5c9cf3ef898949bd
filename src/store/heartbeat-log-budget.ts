/**
 * Stores pings so that each heartbeat's logs stay within its byte budget: after a log is stored,
 * the oldest logs of that monitor are dropped (their runs stay, marked dropped) until the rest
 * fit. Anyone with the ping URL may post 100 kB logs at the rate limit; without this, that is
 * 43 GB a day per heartbeat. Each monitor's total is read from the store once, then kept in
 * memory, so a ping costs no scan; one monitor's pings are stored one at a time so the total
 * stays exact.
 */
import { dropOldestLogs, insertHeartbeatRun, keptLogBytes, type HeartbeatRun } from './heartbeats.js';
import type { Db } from './schema.js';

export class LogBudget {
  private readonly totals = new Map<string, number>();
  private readonly queues = new Map<string, Promise<unknown>>();
  /** Bumped when rows were deleted behind our back, so a total counted before is not kept. */
  private generation = 0;

  constructor(private readonly db: Db) {}

  /** Inserts the run, then drops the oldest logs past `budget` bytes. */
  store(run: HeartbeatRun, budget: number): Promise<void> {
    const id = run.monitor_id;
    const next = (this.queues.get(id) ?? Promise.resolve()).then(() => this.storeNow(run, budget));
    this.queues.set(
      id,
      next.catch(() => undefined),
    );
    return next;
  }

  /** Old runs were pruned (retention): every total is read again from the store. */
  forgetTotals(): void {
    this.generation++;
    this.totals.clear();
  }

  private async storeNow(run: HeartbeatRun, budget: number): Promise<void> {
    const id = run.monitor_id;
    const known = this.totals.get(id);
    const generation = this.generation;
    // Forget the total if the insert fails: the store, not this count, is the truth.
    this.totals.delete(id);
    await insertHeartbeatRun(this.db, run);
    let total = known === undefined ? await keptLogBytes(this.db, id) : known + (run.log_bytes ?? 0);
    if (total > budget) total -= await dropOldestLogs(this.db, id, total - budget, run.at);
    if (generation === this.generation) this.totals.set(id, total);
  }
}

/**
 * Housekeeping rounds (housekeep.ts) on a worker thread, for a SQLite file: on the engine's thread a
 * round at 100,000 monitors held it for 5.9 s in slices of up to 337 ms, and a /metrics scrape that
 * fell in one waited 3.2 s for its turns. Each round gets a thread of its own, ended when the round is
 * done: rounds are minutes apart, and an idle thread would keep a V8 heap for nothing.
 */
import { ThreadCalls } from '../lib/thread-calls.js';
import type { HousekeepingReport, RetentionMs } from './housekeep.js';
import { workerSqliteFile } from './worker-file.js';

export interface HousekeepingRequest {
  now: number;
  retention: RetentionMs;
}

const workerEntry = new URL('./housekeeping-worker-thread.js', import.meta.url);

/**
 * Rounds go to the thread from this many monitors: starting it costs ~0.5 s of CPU, more than a
 * round over a few hundred monitors takes on the engine's thread.
 */
export const THREAD_FROM = 1_000;

/**
 * A round that has not ended in this long is given up (its thread ended; each slice commits on its
 * own, so what was done stays). The first round after days stopped rolls up two days of minutes.
 */
const DEFAULT_TIMEOUT_MS = 30 * 60_000;

export class HousekeepingWorker {
  private readonly calls: ThreadCalls<HousekeepingRequest, HousekeepingReport>;

  /** `url`: the store's URL, naming the SQLite file at `path`, which must exist. */
  constructor(url: string, path: string, timeoutMs = DEFAULT_TIMEOUT_MS) {
    this.calls = new ThreadCalls(workerEntry, { url, path }, 'housekeeping worker', timeoutMs, { endWhenIdle: () => true });
  }

  run(now: number, retention: RetentionMs): Promise<HousekeepingReport> {
    return this.calls.call({ now, retention });
  }

  /** Ends a round under way (tocsin is stopping): its open slice rolls back. */
  close(): Promise<void> {
    return this.calls.close();
  }
}

/** The worker for a store URL where one helps: a SQLite file (worker-file.ts). */
export function housekeepingWorkerFor(url: string): HousekeepingWorker | undefined {
  const path = workerSqliteFile(url);
  return path === undefined ? undefined : new HousekeepingWorker(url, path);
}

/**
 * The 24 h uptime of every monitor for /metrics, counted on a worker thread. On SQLite the store is
 * better-sqlite3, synchronous on the engine's thread: recounting 100,000 monitors there held checks
 * back for over a second of CPU a minute. The worker opens the same file read-only (WAL lets it read
 * while the engine writes) and runs the very counting of store/uptime.ts, so the figure is the one the
 * status page and the API show. Ids go in as one string, percents come back as one Float64Array
 * (NaN: no judged result), both cheap to pass between threads.
 */
import { ThreadCalls } from '../lib/thread-calls.js';
import { workerSqliteFile } from './worker-file.js';

export interface UptimeRequest {
  /** Monitor ids joined by ID_SEPARATOR. */
  ids: string;
  from: number;
  to: number;
}

/** Not in any monitor id (ids are validated names), so one join and one split carry them all. */
export const ID_SEPARATOR = '\u0000';

const workerEntry = new URL('./uptime-worker-thread.js', import.meta.url);

/** Entries of the result map built between two turns of the event loop. */
const IDS_PER_TURN = 10_000;

/**
 * Below this many monitors the count runs on the engine's thread (store/uptime.ts, a slice of ids a
 * turn): a thread's own heap cost a 100-monitor install more memory than the count costs it time.
 */
export const THREAD_FROM = 1_000;

/**
 * From this many monitors the thread is ended between counts (a minute apart at most): its ~15 MB
 * matter at 100,000 monitors (bench:scale, engine RSS 545–560 MiB against 564–576). Below, it is kept:
 * starting it for each count cost a 100-monitor install 0.8 % of a core (bench:small, 1.7 → 2.5 %).
 */
export const ENDED_FROM = 10_000;

/** A count that has not answered in this long is given up: the worker is ended and started afresh next time. */
const DEFAULT_TIMEOUT_MS = 120_000;

export class UptimeWorker {
  private readonly calls: ThreadCalls<UptimeRequest, Float64Array>;
  /** Whether the latest count was of ENDED_FROM monitors or more. */
  private large = false;

  /** `path`: the SQLite file the engine writes. */
  constructor(path: string, timeoutMs = DEFAULT_TIMEOUT_MS) {
    this.calls = new ThreadCalls(workerEntry, { path }, 'uptime worker', timeoutMs, { endWhenIdle: () => this.large });
  }

  /** Uptime percent per monitor over [from, to), as store/uptime.ts counts it; null with no judged result. */
  async percents(ids: readonly string[], from: number, to: number): Promise<Map<string, number | null>> {
    this.large = ids.length >= ENDED_FROM;
    const percents = await this.calls.call({ ids: ids.join(ID_SEPARATOR), from, to });
    const out = new Map<string, number | null>();
    for (let i = 0; i < ids.length; i++) {
      // A map of 100,000 entries in one go held the loop for tens of ms: built a slice at a time.
      if (i > 0 && i % IDS_PER_TURN === 0) await new Promise((resolve) => setImmediate(resolve));
      const p = percents[i]!;
      out.set(ids[i]!, Number.isNaN(p) ? null : p);
    }
    return out;
  }

  /** Ends the thread; counts still waiting are refused. */
  close(): Promise<void> {
    return this.calls.close();
  }
}

/** The worker for a store URL where one helps: a SQLite file (worker-file.ts). */
export function uptimeWorkerFor(url: string): UptimeWorker | undefined {
  const path = workerSqliteFile(url);
  return path === undefined ? undefined : new UptimeWorker(path);
}

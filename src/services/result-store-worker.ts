/**
 * Large result batches written on a worker thread. On SQLite the store is better-sqlite3, synchronous
 * on the engine's thread: at 100,000 monitors (1,667 checks a second) writing results, states and
 * alert states, with kysely building each statement, took about 15 % of that thread, which then had
 * too little left to start checks on their slots. The worker holds a second connection to the same
 * file and runs the very persistBatch of record-results.ts; the engine's thread only hands it the
 * batch (a structured clone). Transactions on every connection begin immediate (store/open.ts), so
 * neither connection finds its snapshot overtaken by the other's commit.
 *
 * Small batches stay on the engine's thread: below ON_THREAD_FROM results the thread's own memory
 * (a V8 isolate with the store's modules, ~30 MB) costs a small install more than the writes do, so
 * a small install never starts it.
 */
import { ThreadCalls } from '../lib/thread-calls.js';
import { parseStoreUrl } from '../lib/store-url.js';
import type { PersistBatch, WriteBatch } from '../engine/result-writer.js';

/** Results in one batch (250 ms of them) from which it is written on the thread: 400 checks a second. */
export const ON_THREAD_FROM = 100;
/** The worker waits for the engine's own transactions (a reload's sync can take seconds at 100,000 monitors). */
export const WORKER_BUSY_TIMEOUT_MS = 60_000;
const TIMEOUT_MS = 2 * WORKER_BUSY_TIMEOUT_MS;

const workerEntry = new URL('./result-store-worker-thread.js', import.meta.url);
/** Run from TypeScript sources (the tests under vitest), the compiled entry does not exist. */
export const resultStoreWorkerBuilt = import.meta.url.endsWith('.js');

export interface ResultStoreWorker {
  /** Writes `batch` on the thread when it is large, else with `inThread`. */
  persist(batch: WriteBatch): Promise<void>;
  close(): Promise<void>;
}

/** For a SQLite file, run from compiled code; undefined where every batch stays in the thread (PostgreSQL's I/O is asynchronous already). */
export function resultStoreWorkerFor(url: string, inThread: PersistBatch): ResultStoreWorker | undefined {
  if (!resultStoreWorkerBuilt) return undefined;
  const target = parseStoreUrl(url);
  if (target.dialect !== 'sqlite' || target.path === ':memory:') return undefined;
  const calls = new ThreadCalls<WriteBatch, null>(workerEntry, { url }, 'result writer thread', TIMEOUT_MS);
  return {
    persist: async (batch) => {
      if (batch.results.length < ON_THREAD_FROM) return inThread(batch);
      try {
        await calls.call(batch);
      } catch (error) {
        // A batch the thread cannot be handed (something in it does not clone) would be refused at every
        // retry, with all that came after it: written here instead, as it was before the thread.
        if ((error as Error).name !== 'DataCloneError') throw error;
        await inThread(batch);
      }
    },
    close: () => calls.close(),
  };
}

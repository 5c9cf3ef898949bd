/**
 * The worker side of result-store-worker.ts: a connection of its own to the engine's SQLite file and
 * record-results.ts's persistBatch over it, so a batch's statements never run on the engine's thread.
 */
import { workerData } from 'node:worker_threads';
import { serveCalls } from '../lib/thread-calls.js';
import { openStore, type Store } from '../store/open.js';
import type { WriteBatch } from '../engine/result-writer.js';
import { persistBatch } from './record-results.js';
import { WORKER_BUSY_TIMEOUT_MS } from './result-store-worker.js';

const { url } = workerData as { url: string };
let store: Store | undefined;

async function open(): Promise<Store> {
  if (store) return store;
  store = await openStore(url, { busyTimeoutMs: WORKER_BUSY_TIMEOUT_MS });
  return store;
}

// A connection that failed (a full disk, a file replaced) is opened afresh for the next batch.
serveCalls<WriteBatch, null>(
  async (batch) => {
    await persistBatch((await open()).db)(batch);
    return { answer: null };
  },
  async () => {
    await store?.close().catch(() => {});
    store = undefined;
  },
);

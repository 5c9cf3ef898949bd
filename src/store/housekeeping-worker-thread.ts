/**
 * The worker side of HousekeepingWorker (housekeeping-worker.ts): one round of housekeep.ts over a
 * connection of its own to the SQLite file, opened as the engine opens it (WAL, transactions that
 * take the write lock first), so its writes wait for the engine's and the result writer's in turn.
 */
import { existsSync } from 'node:fs';
import { workerData } from 'node:worker_threads';
import { serveCalls } from '../lib/thread-calls.js';
import { housekeep, type HousekeepingReport } from './housekeep.js';
import type { HousekeepingRequest } from './housekeeping-worker.js';
import { openStore } from './open.js';

const { url, path } = workerData as { url: string; path: string };

serveCalls<HousekeepingRequest, HousekeepingReport>(async ({ now, retention }) => {
  // Opened for writing, a missing file would be created empty: a file gone is an error to report.
  if (!existsSync(path)) throw new Error(`the database file ${path} is missing`);
  const store = await openStore(url);
  try {
    return { answer: await housekeep(store.db, now, retention) };
  } finally {
    await store.close();
  }
});

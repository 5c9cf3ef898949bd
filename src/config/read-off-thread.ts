/**
 * Reads tocsin.yaml on a worker thread. YAML, interpolation and the schema are pure CPU work that
 * grows with the file (about 2 s for 20,000 monitors on a small machine): on the engine's thread it
 * blocked checks and the supervisor's heartbeat for longer than watchdog.stall_after. The outcome
 * comes back by structured clone (the config is plain data), which costs the calling thread a
 * small fraction of the parse. The worker ends after each read, and the parse's garbage with it.
 */
import { Worker } from 'node:worker_threads';
import { loadConfig, type LoadResult } from './load.js';

export interface ReadRequest {
  file: string;
  env: Record<string, string | undefined>;
}

const workerEntry = new URL('./read-worker.js', import.meta.url);
/** Run from TypeScript sources (the tests), the worker's compiled entry does not exist: read in this thread. */
const compiled = import.meta.url.endsWith('.js');

export async function readConfigOffThread(file: string, env: Record<string, string | undefined> = process.env): Promise<LoadResult> {
  if (!compiled) return loadConfig(file, env);
  const request: ReadRequest = { file, env: { ...env } };
  const worker = new Worker(workerEntry, { workerData: request });
  try {
    return await new Promise<LoadResult>((resolveResult, reject) => {
      worker.once('message', (result: LoadResult) => resolveResult(result));
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the config reader stopped (exit code ${code}) before it answered`)));
    });
  } finally {
    void worker.terminate();
  }
}

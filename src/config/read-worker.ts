/**
 * The worker side of readConfigOffThread: reads, interpolates and validates tocsin.yaml and posts
 * the outcome back. Parsing 100,000 monitors takes seconds of CPU; here it does not stop the
 * engine's event loop (checks, heartbeats to the supervisor) while it runs.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadConfig } from './load.js';
import type { ReadRequest } from './read-off-thread.js';

const { file, env } = workerData as ReadRequest;
parentPort?.postMessage(await loadConfig(file, env));

/**
 * The thread side of check-threads.ts: holds each job until its start time, runs its check under its
 * deadline exactly as the engine's thread would, and sends the results back together. Only the check
 * types it imports are loaded here, so the thread does not carry every check's libraries.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { httpCheck } from '../checks/http/check.js';
import { tcpCheck } from '../checks/tcp/check.js';
import type { Check } from '../checks/types.js';
import { probeTargetPolicy, type ProbeTargets } from '../core/targets/policy.js';
import type { CheckResult } from '../core/types.js';
import { runWithDeadline } from '../engine/deadline.js';
import { RunQueue } from '../engine/run-queue.js';
import { TICK_MS } from '../engine/scheduler.js';
import { systemTimers } from '../engine/timers.js';
import type { CheckJob, FromThread, THREAD_CHECK_TYPES, ToThread } from './check-threads.js';

const checks: Record<(typeof THREAD_CHECK_TYPES)[number], Check<never>> = { http: httpCheck, tcp: tcpCheck };
// This thread starts its checks on their slots, so it keeps the engine's priority (not lib/thread-priority's lower one).

/** At most this many checks run at once on the thread (sockets, memory); the rest wait their turn. */
const CONCURRENCY = 1000;
const queue = new RunQueue(CONCURRENCY);
/** Jobs waiting for their start, by tick (the scheduler's grid): one timer a tick, not one a job. */
const held = new Map<number, CheckJob[]>();

let targets = probeTargetPolicy((workerData as { targets: ProbeTargets | undefined }).targets);
let done: FromThread['results'] = [];
/**
 * Results wait this long to go back together: a message wakes the engine's thread, and a wake-up
 * costs tens of microseconds, as much as a tenth of a check, so one per result would cost that much.
 */
const FLUSH_MS = 10;

function take(job: CheckJob): void {
  const tick = Math.ceil(job.at / TICK_MS) * TICK_MS;
  if (tick <= Date.now()) return queue.push(() => run(job));
  const jobs = held.get(tick);
  if (jobs) return void jobs.push(job);
  held.set(tick, [job]);
  setTimeout(() => {
    const due = held.get(tick) ?? [];
    held.delete(tick);
    for (const job of due) queue.push(() => run(job));
  }, tick - Date.now());
}

async function run({ seq, type, settings, timeoutMs }: CheckJob): Promise<void> {
  const check = checks[type as keyof typeof checks] as Check<unknown>;
  const startedAt = Date.now();
  const result: CheckResult = await runWithDeadline((ctx) => check.run(settings, { ...ctx, targets }), timeoutMs, systemTimers);
  if (done.push([seq, startedAt, result]) === 1) setTimeout(flush, FLUSH_MS);
}

function flush(): void {
  const results = done;
  done = [];
  parentPort?.postMessage({ results } satisfies FromThread);
}

parentPort?.on('message', (message: ToThread) => {
  if ('targets' in message) targets = probeTargetPolicy(message.targets);
  else for (const job of message.jobs) take(job);
});

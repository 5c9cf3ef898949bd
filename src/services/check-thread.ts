/**
 * The thread side of check-threads.ts: runs each job's check under its deadline, exactly as the
 * engine's thread would, and sends the results back once a turn. Only the check types it imports
 * are loaded here, so the thread does not carry every check's libraries.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { httpCheck } from '../checks/http/check.js';
import { tcpCheck } from '../checks/tcp/check.js';
import type { Check } from '../checks/types.js';
import { probeTargetPolicy, type ProbeTargets } from '../core/targets/policy.js';
import type { CheckResult } from '../core/types.js';
import { runWithDeadline } from '../engine/deadline.js';
import { systemTimers } from '../engine/timers.js';
import { lowerThisThread } from '../lib/thread-priority.js';
import type { CheckJob, FromThread, THREAD_CHECK_TYPES, ToThread } from './check-threads.js';

const checks: Record<(typeof THREAD_CHECK_TYPES)[number], Check<never>> = { http: httpCheck, tcp: tcpCheck };

// When the cores are busy, the engine's thread starts checks on their slots first; this one runs them after.
lowerThisThread();

let targets = probeTargetPolicy((workerData as { targets: ProbeTargets | undefined }).targets);
let done: FromThread['results'] = [];
/**
 * Results wait this long to go back together: a message wakes the engine's thread, and a wake-up
 * costs tens of microseconds, as much as a tenth of a check, so one per result would cost that much.
 */
const FLUSH_MS = 10;

function run({ seq, type, settings, timeoutMs }: CheckJob): void {
  const check = checks[type as keyof typeof checks] as Check<unknown>;
  void runWithDeadline((ctx) => check.run(settings, { ...ctx, targets }), timeoutMs, systemTimers).then((result: CheckResult) => {
    if (done.push([seq, result]) === 1) setTimeout(flush, FLUSH_MS);
  });
}

function flush(): void {
  const results = done;
  done = [];
  parentPort?.postMessage({ results } satisfies FromThread);
}

parentPort?.on('message', (message: ToThread) => {
  if ('targets' in message) targets = probeTargetPolicy(message.targets);
  else for (const job of message.jobs) run(job);
});

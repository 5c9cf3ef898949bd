/**
 * Lowers the CPU priority of the calling thread, not the process: on Linux a nice value belongs to
 * a thread, and setpriority() given a thread id changes that thread alone. tocsin's helper threads
 * (result writes, uptime counts) take it so that, when the cores are busy, the threads that start
 * checks on their slots (the engine's, and check threads that start their own) run first: at 100,000
 * monitors on 2 cores the engine's thread was runnable but waiting for a core a third of the time
 * while it used a fifth of one.
 */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';

/** Niceness of helper threads: a thread at 10 gets about a tenth of the time of one at 0 when both want the core. */
export const HELPER_NICENESS = 10;

/** Returns whether the thread's priority was lowered (elsewhere than Linux, or not allowed: it stays as it was). */
export function lowerThisThread(niceness = HELPER_NICENESS): boolean {
  try {
    // "/proc/thread-self" links to "<pid>/task/<tid>" of the thread that reads it.
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isInteger(tid) || tid <= 0) return false;
    setPriority(tid, niceness);
    return true;
  } catch {
    return false;
  }
}

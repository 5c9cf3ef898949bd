/**
 * How long a process's threads have waited for a CPU: runnable, but not running, because the
 * machine's cores were busy with others. Linux counts it per thread in /proc/<pid>/task/<tid>/schedstat
 * (the second field, in nanoseconds). All threads, not the main one alone: a main thread blocked on
 * its own helpers (a garbage collection waiting for its parallel markers, a synchronous call into the
 * thread pool) sleeps while the helpers queue for a core, so only theirs shows the wait. Several
 * threads may wait at once, so the sum can exceed the wall time; callers bound it. The kernel adds a
 * wait when the thread next runs, so a thread still queued shows none of its current wait: a silence
 * under extreme starvation may be judged as running, which is what the watchdog did before it read
 * these (a restart), never a missed one. Undefined where the
 * files are missing or unreadable: another system, or a process already gone.
 */
import { readdirSync, readFileSync } from 'node:fs';

export function cpuWaitMs(pid: number): number | undefined {
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return undefined;
  }
  let waitedNs = 0;
  for (const tid of tasks) {
    try {
      const waited = Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[1]);
      if (Number.isFinite(waited)) waitedNs += waited;
    } catch {
      // The thread ended between the listing and the read: its wait goes with it.
    }
  }
  return waitedNs / 1e6;
}

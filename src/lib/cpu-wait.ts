/**
 * How long a process's main thread has waited for a CPU: runnable, but not running, because the
 * machine's cores were busy with others. Linux counts it in /proc/<pid>/schedstat (its second field,
 * in nanoseconds, for the thread-group leader). Undefined where the file is missing or unreadable:
 * another system, or a process already gone.
 */
import { readFileSync } from 'node:fs';

export function cpuWaitMs(pid: number): number | undefined {
  try {
    const waitedNs = Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[1]);
    return Number.isFinite(waitedNs) ? waitedNs / 1e6 : undefined;
  } catch {
    return undefined;
  }
}

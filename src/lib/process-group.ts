/**
 * Process groups of plugins this process started and has not seen the end of. The engine reports
 * them in its heartbeat, so a supervisor whose engine was SIGKILLed can end them: plugins run in
 * their own groups and would otherwise outlive the engine. Process-wide, as process groups are.
 */
const live = new Set<number>();

export function trackGroup(pgid: number): void {
  live.add(pgid);
}

export function livePluginGroups(): number[] {
  return [...live];
}

/**
 * SIGTERM to every process in group `pgid`, then SIGKILL to whatever is left
 * after `graceMs`. Plugins fork (shells, `ping`, helpers) and some ignore
 * SIGTERM; signalling the group rather than the pid reaches all of them.
 */
export function terminateGroup(pgid: number, graceMs: number): void {
  // Nothing left (the usual case after a clean exit): no timer to keep alive.
  if (!signalGroup(pgid, 'SIGTERM')) {
    live.delete(pgid);
    return;
  }
  setTimeout(() => {
    signalGroup(pgid, 'SIGKILL');
    live.delete(pgid);
  }, graceMs);
}

/** False when the group is gone (ESRCH) or not ours to signal; never throws, as it runs in timers. */
export function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

/**
 * Which monitor froze the engine. The supervisor cannot see inside a blocked event loop, but the
 * engine tells it which checks are running (src/engine/heartbeat-ipc.ts); when the engine is
 * restarted because its loop blocked or its checks stopped settling, those monitors are suspects,
 * and one that was running at two such restarts in a row is quarantined: not run again until it is
 * edited or released, so one bad monitor cannot restart the engine every minute. Pure.
 */
import type { RestartCause } from './watchdog.js';

/** Restarts that implicate the checks in flight; memory and exits do not. */
export const SUSPECT_CAUSES: ReadonlySet<RestartCause> = new Set(['silent', 'blocked', 'stalled']);

/** At most this many ids travel with a restart, in the next engine's environment. */
export const MAX_SUSPECTS = 100;

export interface Suspects {
  /** The monitors this restart names: running when the loop blocked or checks stopped settling. */
  accused: string[];
  /** Running at this restart and at the previous suspect one. */
  quarantine: string[];
  /** The ids to compare the next accusing restart with. */
  next: string[];
}

/**
 * `previous`: running at the last restart that accused someone; `running`: now. Other causes, and a
 * freeze with no check running (a slow start-up), say nothing about monitors: the suspects stay.
 */
export function judgeSuspects(cause: RestartCause, previous: readonly string[], running: Iterable<string>): Suspects {
  const now = [...running].sort().slice(0, MAX_SUSPECTS);
  if (!SUSPECT_CAUSES.has(cause) || now.length === 0) return { accused: [], quarantine: [], next: [...previous] };
  const before = new Set(previous);
  return { accused: now, quarantine: now.filter((id) => before.has(id)), next: now };
}

/** "slow-api", "slow-api, db and 3 more": a list of monitor ids a person reads in one line. */
export function nameMonitors(ids: readonly string[], shown = 5): string {
  if (ids.length <= shown) return ids.length > 1 ? `${ids.slice(0, -1).join(', ')} and ${ids.at(-1)}` : (ids[0] ?? '');
  return `${ids.slice(0, shown).join(', ')} and ${ids.length - shown} more`;
}

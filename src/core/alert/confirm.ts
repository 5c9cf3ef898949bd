/**
 * Turning single results into a confirmed status. One bad result is noise; `down_after` in a row
 * (or `window.failures` of the last `window.of`) is a problem, and `up_after` good ones end it.
 */
import type { Status } from '../types.js';
import type { AlertPolicy, AlertState } from './types.js';

type Streaks = AlertState['streaks'];

export function nextStreaks(s: Streaks, status: Status): Streaks {
  return {
    up: status === 'up' ? s.up + 1 : 0,
    notUp: status === 'up' ? 0 : s.notUp + 1,
    down: status === 'down' ? s.down + 1 : 0,
    notDown: status === 'down' ? 0 : s.notDown + 1,
  };
}

export function nextRecent(recent: readonly Status[], status: Status, policy: AlertPolicy): Status[] {
  const keep = policy.window?.of ?? 0;
  return keep === 0 ? [] : [...recent, status].slice(-keep);
}

/** Enough failures of `level` in the window; only the latest result can push it over, so it must match. */
function windowSays(recent: readonly Status[], policy: AlertPolicy, level: 'down' | 'notUp'): boolean {
  const window = policy.window;
  const latest = recent.at(-1);
  if (!window || latest === undefined) return false;
  const counts = (st: Status) => (level === 'down' ? st === 'down' : st !== 'up');
  return counts(latest) && recent.filter(counts).length >= window.failures;
}

/**
 * The confirmed status after the latest result. Degraded is reached by any mix of failures;
 * leaving down for degraded needs `up_after` results that are no longer down.
 */
export function judge(current: Status, streaks: Streaks, recent: readonly Status[], policy: AlertPolicy): Status {
  if (streaks.up >= policy.up_after && streaks.up > 0) return 'up';
  if ((streaks.down >= policy.down_after && streaks.down > 0) || windowSays(recent, policy, 'down')) return 'down';
  if (current === 'down') return streaks.notDown >= policy.up_after && streaks.notDown > 0 ? 'degraded' : 'down';
  if ((streaks.notUp >= policy.down_after && streaks.notUp > 0) || windowSays(recent, policy, 'notUp')) return 'degraded';
  return current;
}

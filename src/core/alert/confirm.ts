/**
 * Turning single results into a confirmed status (docs/states.md). One bad result is noise;
 * `down_after` in a row (or `window.failures` of the last `window.of`) is a problem, and
 * `up_after` good ones end it. A monitor that was never confirmed is `pending`: its first good
 * result makes it up, its first failures wait for the same threshold as anyone else's.
 */
import type { ConfirmedStatus, Status } from '../types.js';
import { NONE } from './state.js';
import type { AlertPolicy, AlertState } from './types.js';

type Streaks = AlertState['streaks'];

export function nextStreaks(s: Streaks, status: Status): Streaks {
  // An unknown result says nothing about the target, so it neither extends nor breaks the others.
  if (status === 'unknown') return { ...s, unknown: s.unknown + 1 };
  return {
    up: status === 'up' ? s.up + 1 : 0,
    notUp: status === 'up' ? 0 : s.notUp + 1,
    down: status === 'down' ? s.down + 1 : 0,
    notDown: status === 'down' ? 0 : s.notDown + 1,
    unknown: 0,
  };
}

export function nextRecent(recent: readonly Status[], status: Status, policy: AlertPolicy): Status[] {
  const keep = policy.window?.of ?? 0;
  if (keep === 0) return NONE;
  // States are never written in place: an unknown result keeps the very same list.
  return status === 'unknown' ? (recent as Status[]) : [...recent, status].slice(-keep);
}

type Level = 'down' | 'notUp';

const counts = (level: Level) => (st: Status) => (level === 'down' ? st === 'down' : st !== 'up');

/** Failures of `level` in the window, or 0 without a window. */
function windowFailures(recent: readonly Status[], policy: AlertPolicy, level: Level): number {
  return policy.window ? recent.filter(counts(level)).length : 0;
}

/** Enough failures of `level` in the window; only the latest result can push it over, so it must match. */
function windowSays(recent: readonly Status[], policy: AlertPolicy, level: Level): boolean {
  const latest = recent.at(-1);
  if (!policy.window || latest === undefined || !counts(level)(latest)) return false;
  return windowFailures(recent, policy, level) >= policy.window.failures;
}

/**
 * The confirmed status after a result of status `latest`. Degraded is reached by any mix of
 * failures; leaving down for degraded needs `up_after` results that are no longer down. Unknown
 * results can only make unknown a monitor that is up or pending: they never hide a confirmed problem.
 */
export function judge(current: ConfirmedStatus, latest: Status, streaks: Streaks, recent: readonly Status[], policy: AlertPolicy): ConfirmedStatus {
  if (latest === 'unknown') {
    const calm = current === 'up' || current === 'pending';
    return calm && streaks.unknown >= policy.down_after ? 'unknown' : current;
  }
  if (latest === 'up') {
    if (current === 'pending' || streaks.up >= policy.up_after) return 'up';
    if (current === 'down' && streaks.notDown >= policy.up_after) return 'degraded';
    return current;
  }
  if (streaks.down >= policy.down_after || windowSays(recent, policy, 'down')) return 'down';
  if (current === 'down') return streaks.notDown >= policy.up_after ? 'degraded' : 'down';
  if (streaks.notUp >= policy.down_after || windowSays(recent, policy, 'notUp')) return 'degraded';
  return current;
}

/**
 * A change the latest results point to but have not confirmed yet: "failing 1 of 2" on a monitor
 * that is up or pending, "recovering 1 of 2" on one that is down. Null when the latest result
 * agrees with the confirmed status. `needed` is the count that confirms; with a window, `of` is its size.
 */
export interface Confirming {
  toward: Status;
  count: number;
  needed: number;
  of?: number;
}

export function confirming(state: Pick<AlertState, 'status' | 'lastResult' | 'streaks' | 'recent'>, policy: AlertPolicy): Confirming | null {
  const latest = state.lastResult?.status;
  const { status, streaks } = state;
  if (latest === undefined || latest === status) return null;
  const calm = status === 'up' || status === 'pending';
  if (latest === 'unknown') return calm ? { toward: 'unknown', count: streaks.unknown, needed: policy.down_after } : null;
  if (latest === 'up') return status === 'pending' ? null : { toward: 'up', count: streaks.up, needed: policy.up_after };
  if (status === 'down') return { toward: 'degraded', count: streaks.notDown, needed: policy.up_after };
  if (status === 'degraded') return { toward: 'down', count: streaks.down, needed: policy.down_after };
  // Up, pending or unknown, failing: every failure counts; it heads for down only while all were down.
  const toward: Status = streaks.down === streaks.notUp ? 'down' : 'degraded';
  const window = policy.window;
  const inWindow = windowFailures(state.recent, policy, 'notUp');
  if (window && inWindow / window.failures > streaks.notUp / policy.down_after) return { toward, count: inWindow, needed: window.failures, of: window.of };
  return { toward, count: streaks.notUp, needed: policy.down_after };
}

/** "failing 1 of 2", "recovering 1 of 2", "unknown 1 of 2", "failing 2 of the last 5 (3 needed)". */
export function confirmingText(c: Confirming): string {
  const verb = c.toward === 'up' ? 'recovering' : c.toward === 'unknown' ? 'unknown' : 'failing';
  return c.of === undefined ? `${verb} ${c.count} of ${c.needed}` : `${verb} ${c.count} of the last ${c.of} (${c.needed} needed)`;
}

/**
 * What a monitor's alert state must know about its surroundings before it judges anything: whether
 * a maintenance window holds it, and which of its depends_on monitors are down. Pure: the service
 * feeds these inputs to step() before each result and on each tick.
 */
import { blockingUpstreams, isProblem, type AlertInput, type AlertPolicy, type AlertState } from '../core/alert/index.js';
import type { OpenWindow } from '../core/maintenance.js';
import { STATUS_RANK, type ConfirmedStatus, type Status } from '../core/types.js';

export interface Surroundings {
  maintenance: ReadonlyMap<string, OpenWindow>;
  dependsOn: Readonly<Record<string, readonly string[]>>;
  /** Confirmed status: an upstream blocks once it is confirmed down, not on its first failure. */
  statusOf(monitorId: string): { status: ConfirmedStatus } | undefined;
}

/** The inputs that bring `state` up to date (none when it already is). */
export function contextInputs(monitorId: string, state: AlertState, around: Surroundings): AlertInput[] {
  const inputs: AlertInput[] = [];
  const window = around.maintenance.get(monitorId);
  if (window && (state.maintenance?.until !== window.end || Boolean(state.maintenance.silence) !== Boolean(window.silence))) {
    inputs.push({ kind: 'maintenance', active: true, until: window.end, ...(window.silence && { silence: true }) });
  }
  if (!window && state.maintenance) inputs.push({ kind: 'maintenance', active: false });
  const upstreams = around.dependsOn[monitorId] ?? [];
  const down =
    upstreams.length === 0 ? [] : blockingUpstreams(monitorId, around.dependsOn, Object.fromEntries(upstreams.map((id) => [id, around.statusOf(id)])));
  if (!sameList(down, state.blockedBy)) inputs.push({ kind: 'upstream', down });
  return inputs;
}

/** Worth stepping on a tick: something may be due (escalation, reminder, a window ending, flapping settling). */
export function needsTicks(state: AlertState): boolean {
  return isProblem(state.status) || state.told !== null || state.maintenance !== null || state.blockedBy.length > 0 || state.flapping;
}

/**
 * For naming dependants on an upstream's page: a dependant counts as affected as soon as its latest
 * result failed, before its own confirmation — it usually fails in the same minute as the root cause.
 */
export function worstOf(confirmed: ConfirmedStatus, latest: Status | undefined): ConfirmedStatus {
  const rank = (status: ConfirmedStatus) => (status === 'pending' ? 0 : STATUS_RANK[status]);
  return latest !== undefined && rank(latest) > rank(confirmed) ? latest : confirmed;
}

/**
 * Whether a tick changed nothing worth writing. Shallow: step() keeps the objects it does not
 * change, so comparing references (and arrays by element) is enough, and cheap enough to run for
 * every monitor that is down, every second, during a partition.
 */
export function sameState(a: AlertState, b: AlertState, skip?: ReadonlySet<keyof AlertState>): boolean {
  return (Object.keys(b) as Array<keyof AlertState>).every((key) => {
    const x = a[key];
    const y = b[key];
    return x === y || skip?.has(key) === true || (Array.isArray(x) && Array.isArray(y) && sameList(x, y));
  });
}

const WRITTEN_BY_EVERY_RESULT: ReadonlySet<keyof AlertState> = new Set(['message', 'lastResult', 'streaks']);

/**
 * Whether `b`, the state after a result, differs from `a` only in what that result alone writes: the
 * message, the last result's time and words (not its status), and streak counts that were already
 * past every threshold (`down_after`, `up_after`), where one more changes no judgement. Such a state
 * is not written to the store: the row kept there judges the same after a restart or a takeover, and
 * 100,000 monitors no longer rewrite 100,000 rows a minute (the next change writes it whole).
 */
export function routineChange(a: AlertState, b: AlertState, policy: AlertPolicy): boolean {
  if (a.lastResult === null || b.lastResult === null || a.lastResult.status !== b.lastResult.status) return false;
  const cap = Math.max(policy.down_after, policy.up_after);
  const streak = (key: keyof AlertState['streaks']) => a.streaks[key] === b.streaks[key] || Math.min(a.streaks[key], cap) === Math.min(b.streaks[key], cap);
  return streak('up') && streak('notUp') && streak('down') && streak('notDown') && streak('unknown') && sameState(a, b, WRITTEN_BY_EVERY_RESULT);
}

function sameList(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

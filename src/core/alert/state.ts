/** A fresh monitor's alert state: up until results say otherwise, nothing told yet. */
import type { AlertState } from './types.js';

export function initialState(): AlertState {
  return {
    status: 'up',
    since: null,
    message: '',
    lastResult: null,
    streaks: { up: 0, notUp: 0, down: 0, notDown: 0 },
    recent: [],
    episode: 0,
    episodeSince: null,
    acknowledged: null,
    told: null,
    escalation: null,
    transitions: [],
    flapping: false,
    flaps: 0,
    maintenance: null,
    held: false,
    blockedBy: [],
  };
}

/** Notifications wait while maintenance is on, an upstream is down, or the monitor flaps. */
export function isQuiet(state: AlertState): boolean {
  return state.maintenance !== null || state.blockedBy.length > 0 || state.flapping;
}

/** The message a person should read: a failure behind a down upstream names the upstream first. */
export function currentMessage(state: Pick<AlertState, 'lastResult' | 'blockedBy'>): string {
  const last = state.lastResult;
  if (!last) return '';
  if (last.status === 'up' || state.blockedBy.length === 0) return last.message;
  return `blocked by ${state.blockedBy.join(', ')}: ${last.message}`;
}

export function union(a: readonly string[], b: readonly string[]): string[] {
  return [...new Set([...a, ...b])];
}

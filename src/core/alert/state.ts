/** A fresh monitor's alert state: pending until results confirm something, nothing told yet. */
import type { AlertState } from './types.js';

/**
 * The one empty list that states share for what most monitors never fill (recent results without a
 * window, transitions without flap detection, upstreams down): 32 bytes a list and a monitor
 * otherwise, at 100,000 monitors (issue 14). States are never written in place; frozen, so a write
 * would throw rather than reach every state.
 */
export const NONE = Object.freeze([]) as never[];

/** `list`, or the shared empty list when it is empty (lists just filtered). */
export function orNone<T>(list: T[]): T[] {
  return list.length === 0 ? NONE : list;
}

/** A state read from the store, its empty lists shared (a restart would otherwise parse three per monitor). */
export function sharingNone(state: AlertState): AlertState {
  return { ...state, recent: orNone(state.recent), transitions: orNone(state.transitions), blockedBy: orNone(state.blockedBy) };
}

export function initialState(): AlertState {
  return {
    status: 'pending',
    since: null,
    message: '',
    lastResult: null,
    streaks: { up: 0, notUp: 0, down: 0, notDown: 0, unknown: 0 },
    recent: NONE,
    episode: 0,
    episodeSince: null,
    episodeFrom: 'pending',
    acknowledged: null,
    told: null,
    escalation: null,
    transitions: NONE,
    flapping: false,
    flaps: 0,
    maintenance: null,
    held: false,
    blockedBy: NONE,
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

/**
 * A state stored by an earlier tocsin, in today's shape: fields added since get their neutral
 * value. Before `pending` existed a monitor never confirmed was stored as up with no `since`.
 */
export function upgradeState(stored: AlertState): AlertState {
  const fresh = initialState();
  const state: AlertState = { ...fresh, ...stored, streaks: { ...fresh.streaks, ...stored.streaks }, episodeFrom: stored.episodeFrom ?? 'up' };
  const neverConfirmed = state.status === 'up' && state.since === null && state.lastResult?.status !== 'up';
  return neverConfirmed ? { ...state, status: 'pending' } : state;
}

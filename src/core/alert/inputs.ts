/** Applying one input to the state. Deciding what to notify comes afterwards, in step(). */
import type { ConfirmedStatus } from '../types.js';
import { judge, nextRecent, nextStreaks } from './confirm.js';
import { currentMessage, orNone } from './state.js';
import type { AlertInput, AlertPolicy, AlertState, Told } from './types.js';

export function applyInput(state: AlertState, input: AlertInput, policy: AlertPolicy, now: number): AlertState {
  switch (input.kind) {
    case 'result':
      return applyResult(state, input, policy, now);
    case 'tick':
      return state;
    case 'ack':
      // An ack belongs to a problem; with none open there is nothing to silence.
      if (!isProblem(state.status) || state.acknowledged) return state;
      return { ...state, acknowledged: { by: input.by, at: now } };
    case 'maintenance':
      return { ...state, maintenance: input.active ? { until: input.until ?? null, ...(input.silence && { silence: true as const }) } : null };
    case 'upstream': {
      const blockedBy = orNone([...new Set(input.down)].sort());
      return { ...state, blockedBy, message: currentMessage({ lastResult: state.lastResult, blockedBy }) };
    }
  }
}

type Result = Extract<AlertInput, { kind: 'result' }>;

function applyResult(state: AlertState, result: Result, policy: AlertPolicy, now: number): AlertState {
  const lastResult = { status: result.status, message: result.message, at: result.at };
  const recorded: AlertState = {
    ...state,
    lastResult,
    message: currentMessage({ lastResult, blockedBy: state.blockedBy }),
    streaks: nextStreaks(state.streaks, result.status),
    recent: nextRecent(state.recent, result.status, policy),
  };
  const next = judge(state.status, result.status, recorded.streaks, recorded.recent, policy);
  return next === state.status ? recorded : transition(recorded, next, result.at, now);
}

/** Degraded, down and unknown are problems: each stretch of them is one episode, told and recovered once. */
export function isProblem(status: ConfirmedStatus): status is 'degraded' | 'down' | 'unknown' {
  return status !== 'up' && status !== 'pending';
}

/** Results still move the confirmed status during maintenance or an upstream outage, so history stays right. */
export function transition(state: AlertState, next: ConfirmedStatus, at: number, now: number): AlertState {
  // A first confirmation of up is no change anyone saw, so it does not count towards flapping.
  const transitions = state.status === 'pending' && next === 'up' ? state.transitions : [...state.transitions, now];
  const moved: AlertState = { ...state, status: next, since: at, transitions };
  if (next === 'up') return { ...moved, told: endEpisode(state.told, state.episode, at) };
  if (isProblem(state.status)) return moved;
  // The channels never heard this episode end (its recovery was held), so for them it goes on.
  const told = state.told;
  if (told && told.episode === state.episode) return { ...moved, told: { ...told, recoveredAt: null } };
  const episodeFrom = state.status === 'pending' ? 'pending' : 'up';
  return { ...moved, episode: state.episode + 1, episodeSince: at, episodeFrom, acknowledged: null, escalation: null };
}

/** Dates the recovery of the announced episode, so a recovery held back until later still reports the right duration. */
function endEpisode(told: Told | null, episode: number, at: number): Told | null {
  return told && told.episode === episode && told.recoveredAt === null ? { ...told, recoveredAt: at } : told;
}

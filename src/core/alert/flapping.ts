/**
 * Flapping: more than `flap.changes` confirmed transitions within `flap.within`. One event says so,
 * then the monitor stays quiet until it has held one state for `flap.within`; step() then sends
 * whatever the channels have not yet been told.
 */
import { NONE, orNone, union } from './state.js';
import { humanDuration } from './messages.js';
import { heardBy, perPrevious } from './notify.js';
import type { AlertEvent, AlertPolicy, AlertState, StepOutcome } from './types.js';

export function trackFlapping(state: AlertState, policy: AlertPolicy, now: number): StepOutcome {
  const flap = policy.flap;
  if (!flap) return { state: { ...state, transitions: NONE, flapping: false }, events: [] };
  const transitions = orNone(state.transitions.filter((t) => now - t < flap.within));
  const pruned: AlertState = { ...state, transitions };
  if (state.flapping) return { state: { ...pruned, flapping: transitions.length > 0 }, events: [] };
  if (transitions.length <= flap.changes) return { state: pruned, events: [] };
  const flapping: AlertState = { ...pruned, flapping: true, flaps: state.flaps + 1 };
  // Maintenance and upstream outages silence everything, this announcement included.
  const silenced = state.maintenance !== null || state.blockedBy.length > 0;
  return { state: flapping, events: silenced ? [] : flappingEvents(flapping, policy, flap.within) };
}

/** Channels that heard of the episode were last told its status; the others, what it was before (up, once it was). */
function flappingEvents(state: AlertState, policy: AlertPolicy, within: number): AlertEvent[] {
  const channels = union(policy.escalation[0]?.channels ?? [], state.told?.channels ?? []);
  const window = humanDuration(within);
  const before = state.status === 'up' ? 'up' : state.episodeFrom;
  const event = {
    type: 'monitor.flapping' as const,
    channels,
    episode: state.episode,
    dedupKey: `flap${state.flaps}:monitor.flapping`,
    message:
      `changed state ${state.transitions.length} times within ${window}, now ${state.status}; ` + `notifications paused until it holds one state for ${window}`,
    since: state.transitions[0] ?? state.since ?? 0,
  };
  return perPrevious(event, (c) => heardBy(state.told, state.episode, c) ?? before);
}

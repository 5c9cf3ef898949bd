/**
 * The alert state machine: (state, input, policy, now) → (state', events). Pure: no clock, no I/O,
 * so the engine stores the state and the events in one transaction and replays nothing twice.
 */
import { escalate } from './escalation.js';
import { trackFlapping } from './flapping.js';
import { applyInput } from './inputs.js';
import { pending, reconcile } from './notify.js';
import { isQuiet } from './state.js';
import type { AlertEvent, AlertInput, AlertPolicy, AlertState, StepOutcome } from './types.js';

export function step(state: AlertState, input: AlertInput, policy: AlertPolicy, now: number): StepOutcome {
  const applied = endMaintenanceIfDue(applyInput(state, input, policy, now), now);
  const flap = trackFlapping(applied, policy, now);
  let s = flap.state;
  const events: AlertEvent[] = [...flap.events];
  if (!isQuiet(s)) {
    const told = reconcile(s, policy, now);
    const escalated = escalate(told.state, policy, now);
    s = escalated.state;
    events.push(...releasedFrom(state, input, told.events), ...escalated.events);
  }
  // An event for nobody is not worth an outbox row; the state still records what was decided.
  return { state: { ...s, held: isQuiet(s) && pending(s, policy) }, events: events.filter((e) => e.channels.length > 0) };
}

function endMaintenanceIfDue(state: AlertState, now: number): AlertState {
  const until = state.maintenance?.until;
  return until !== null && until !== undefined && now >= until ? { ...state, maintenance: null } : state;
}

/** A problem held back by an upstream outage says so when the upstream recovers and it does not. */
function releasedFrom(before: AlertState, input: AlertInput, events: AlertEvent[]): AlertEvent[] {
  if (input.kind !== 'upstream' || before.blockedBy.length === 0) return events;
  const blockedBy = before.blockedBy;
  const note = ` (held while ${blockedBy.join(', ')} ${blockedBy.length === 1 ? 'was' : 'were'} down)`;
  return events.map((e) => (e.type === 'monitor.up' ? e : { ...e, blockedBy, message: e.message + note }));
}

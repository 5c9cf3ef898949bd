/**
 * Escalation and reminders for an episode announced down and not acknowledged. The clock starts
 * at the down notification, so a problem first announced after maintenance gets a fresh one.
 */
import { humanDuration } from './messages.js';
import { union } from './state.js';
import type { AlertEvent, AlertPolicy, AlertState, Escalation, StepOutcome } from './types.js';

export function escalate(state: AlertState, policy: AlertPolicy, now: number): StepOutcome {
  const { told, escalation } = state;
  if (state.status !== 'down' || state.acknowledged || !escalation) return { state, events: [] };
  if (!told || told.status !== 'down' || told.episode !== state.episode) return { state, events: [] };
  const events: AlertEvent[] = [];
  let nextTold = told;
  let next = escalation;
  policy.escalation.forEach((step, index) => {
    if (index === 0 || next.fired.includes(index) || now - next.from < step.after) return;
    events.push(stepEvent(state, index, step.channels, now));
    nextTold = { ...nextTold, channels: union(nextTold.channels, step.channels) };
    next = { ...next, fired: [...next.fired, index] };
  });
  if (reminderDue(next, policy, now)) {
    next = { ...next, lastReminder: now, reminders: next.reminders + 1 };
    // A channel paged by a step this very moment needs no reminder on top.
    const justPaged = events.flatMap((e) => e.channels);
    events.push(reminderEvent(state, nextTold.channels.filter((c) => !justPaged.includes(c)), next, now));
  }
  return { state: { ...state, told: nextTold, escalation: next }, events };
}

function reminderDue(escalation: Escalation, policy: AlertPolicy, now: number): boolean {
  const every = policy.remind_every;
  return every !== undefined && every > 0 && now - escalation.lastReminder >= every;
}

function stepEvent(state: AlertState, index: number, channels: string[], now: number): AlertEvent {
  return {
    type: 'monitor.down',
    channels,
    episode: state.episode,
    step: index,
    dedupKey: `${state.episode}:monitor.down:${index}`,
    message: `down for ${humanDuration(now - (state.since ?? now))} and not acknowledged: ${state.message}`,
    since: state.since ?? now,
    previous: 'up',
  };
}

function reminderEvent(state: AlertState, channels: string[], escalation: Escalation, now: number): AlertEvent {
  return {
    type: 'monitor.reminder',
    channels,
    episode: state.episode,
    dedupKey: `${state.episode}:monitor.reminder:${escalation.reminders}`,
    message: `still down after ${humanDuration(now - (state.since ?? now))}, not acknowledged: ${state.message}`,
    since: state.since ?? now,
    previous: 'down',
  };
}

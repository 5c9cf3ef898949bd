/**
 * Escalation and reminders for an episode announced down (or unknown, routed `page`) and not
 * acknowledged. The clock starts at the announcement, so a problem first announced after
 * maintenance gets a fresh one.
 */
import { humanDuration } from './messages.js';
import { heardBy, pages, perPrevious, tell } from './notify.js';
import type { AlertEvent, AlertPolicy, AlertState, Escalation, StepOutcome } from './types.js';

export function escalate(state: AlertState, policy: AlertPolicy, now: number): StepOutcome {
  const { told, escalation, status } = state;
  if (!pages(status, policy) || state.acknowledged || !escalation) return { state, events: [] };
  if (!told || told.status !== status || told.episode !== state.episode) return { state, events: [] };
  const events: AlertEvent[] = [];
  let nextTold = told;
  let next = escalation;
  const previousOf = (c: string) => heardBy(nextTold, state.episode, c) ?? state.episodeFrom;
  policy.escalation.forEach((step, index) => {
    if (index === 0 || next.fired.includes(index) || now - next.from < step.after) return;
    events.push(...perPrevious(stepEvent(state, index, step.channels, now), previousOf));
    nextTold = tell(nextTold, state, status, step.channels);
    next = { ...next, fired: [...next.fired, index] };
  });
  if (reminderDue(next, policy, now)) {
    next = { ...next, lastReminder: now, reminders: next.reminders + 1 };
    // A channel paged by a step this very moment needs no reminder on top.
    const justPaged = events.flatMap((e) => e.channels);
    events.push(
      ...perPrevious(
        reminderEvent(
          state,
          nextTold.channels.filter((c) => !justPaged.includes(c)),
          next,
          now,
        ),
        previousOf,
      ),
    );
  }
  return { state: { ...state, told: nextTold, escalation: next }, events };
}

function reminderDue(escalation: Escalation, policy: AlertPolicy, now: number): boolean {
  const every = policy.remind_every;
  return every !== undefined && every > 0 && now - escalation.lastReminder >= every;
}

function stepEvent(state: AlertState, index: number, channels: string[], now: number): Omit<AlertEvent, 'previous'> {
  const type = state.status === 'unknown' ? 'monitor.unknown' : 'monitor.down';
  return {
    type,
    channels,
    episode: state.episode,
    step: index,
    dedupKey: `${state.episode}:${type}:${index}`,
    message: `${state.status} for ${humanDuration(now - (state.since ?? now))} and not acknowledged: ${state.message}`,
    since: state.since ?? now,
  };
}

function reminderEvent(state: AlertState, channels: string[], escalation: Escalation, now: number): Omit<AlertEvent, 'previous'> {
  return {
    type: 'monitor.reminder',
    channels,
    episode: state.episode,
    dedupKey: `${state.episode}:monitor.reminder:${escalation.reminders}`,
    message: `still ${state.status} after ${humanDuration(now - (state.since ?? now))}, not acknowledged: ${state.message}`,
    since: state.since ?? now,
  };
}

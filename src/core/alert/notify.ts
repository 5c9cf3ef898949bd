/**
 * Bringing the channels up to date with the confirmed status. Normally that is one event for the
 * transition that just happened; after maintenance, an upstream outage or flapping it is whatever
 * changed while notifications were held (possibly nothing).
 */
import { humanDuration } from './messages.js';
import { union } from './state.js';
import type { AlertEvent, AlertPolicy, AlertState, StepOutcome, Told } from './types.js';

/** Something the channels have not been told yet. */
export function pending(state: AlertState): boolean {
  const told = state.told;
  if (told && state.status === 'up') return true;
  if (state.status === 'down') return told?.status !== 'down';
  return state.status === 'degraded' && !told;
}

export function reconcile(state: AlertState, policy: AlertPolicy, now: number): StepOutcome {
  const events: AlertEvent[] = [];
  let s = state;
  if (s.told && s.status === 'up') {
    events.push(recovered(s, s.told, now));
    s = { ...s, told: null, escalation: null };
  }
  if (s.status === 'down' && s.told?.status !== 'down') {
    const channels = policy.escalation[0]?.channels ?? [];
    events.push(announce(s, 'monitor.down', channels, s.told?.status ?? 'up'));
    s = { ...s, told: tell(s, 'down', channels), escalation: { from: now, fired: [0], lastReminder: now, reminders: 0 } };
  }
  if (s.status === 'degraded' && !s.told) {
    const channels = policy.degraded_channels ?? policy.escalation[0]?.channels ?? [];
    events.push(announce(s, 'monitor.degraded', channels, 'up'));
    s = { ...s, told: tell(s, 'degraded', channels) };
  }
  return { state: s, events };
}

function tell(state: AlertState, status: Told['status'], channels: string[]): Told {
  const since = state.told?.since ?? state.episodeSince ?? state.since ?? 0;
  const known = state.told?.channels ?? [];
  return { episode: state.episode, status, since, channels: union(known, channels), recoveredAt: null };
}

function announce(state: AlertState, type: 'monitor.down' | 'monitor.degraded', channels: string[], previous: Told['status'] | 'up'): AlertEvent {
  return {
    type,
    channels,
    episode: state.episode,
    ...(type === 'monitor.down' ? { step: 0 } : {}),
    dedupKey: type === 'monitor.down' ? `${state.episode}:monitor.down:0` : `${state.episode}:monitor.degraded`,
    message: state.message,
    since: state.since ?? 0,
    previous,
  };
}

function recovered(state: AlertState, told: Told, now: number): AlertEvent {
  const upAt = told.recoveredAt ?? now;
  const downFor = Math.max(0, upAt - told.since);
  const verb = told.status === 'down' ? 'back up' : 'no longer degraded';
  return {
    type: 'monitor.up',
    channels: told.channels,
    episode: told.episode,
    dedupKey: `${told.episode}:monitor.up`,
    message: `${verb} after ${humanDuration(downFor)}: ${state.message}`,
    since: upAt,
    previous: told.status,
    downFor,
  };
}

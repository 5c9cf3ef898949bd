/**
 * Bringing the channels up to date with the confirmed status. Normally that is one event for the
 * transition that just happened; after maintenance, an upstream outage or flapping it is whatever
 * changed while notifications were held (possibly nothing).
 */
import type { ConfirmedStatus } from '../types.js';
import { humanDuration } from './messages.js';
import { union } from './state.js';
import type { AlertEvent, AlertPolicy, AlertState, ProblemStatus, StepOutcome, Told } from './types.js';

/** How loud each problem is when announced: a louder one is told even after a quieter one was. */
const LOUDNESS: Record<ProblemStatus, number> = { unknown: 0, degraded: 1, down: 2 };

/** Something the channels have not been told yet. */
export function pending(state: AlertState, policy: AlertPolicy): boolean {
  if (state.told && state.status === 'up') return true;
  return announcement(state, policy) !== undefined;
}

export function reconcile(state: AlertState, policy: AlertPolicy, now: number): StepOutcome {
  const events: AlertEvent[] = [];
  let s = state;
  if (s.told && s.status === 'up') {
    events.push(...recovered(s, s.told, now));
    s = { ...s, told: null, escalation: null };
  }
  const due = announcement(s, policy);
  if (due) {
    events.push(...announce(s, due.status, due.channels));
    // Reminder numbers go on within the episode (they name the dedup key): unknown, then down, pages twice.
    const escalation = pages(due.status, policy) ? { from: now, fired: [0], lastReminder: now, reminders: s.escalation?.reminders ?? 0 } : s.escalation;
    s = { ...s, told: tell(s.told, s, due.status, due.channels), escalation };
  }
  return { state: s, events };
}

/** Down, and unknown routed `page`, are announced on the escalation policy and escalate. */
export function pages(status: ConfirmedStatus, policy: AlertPolicy): status is 'down' | 'unknown' {
  return status === 'down' || (status === 'unknown' && policy.unknown === 'page');
}

/**
 * The announcement the confirmed status calls for, if the channels have not heard one as loud. One
 * routed to no channel is no announcement: nobody was told, so nobody's last word changes.
 */
function announcement(state: AlertState, policy: AlertPolicy): { status: ProblemStatus; channels: string[] } | undefined {
  const status = state.status;
  if (status === 'up' || status === 'pending') return undefined;
  if (status === 'unknown' && (policy.unknown ?? 'notify') === 'ignore') return undefined;
  const told = state.told;
  if (told && LOUDNESS[told.status] >= LOUDNESS[status]) return undefined;
  const quiet = policy.degraded_channels ?? policy.escalation[0]?.channels ?? [];
  const channels = pages(status, policy) ? (policy.escalation[0]?.channels ?? []) : quiet;
  return channels.length > 0 ? { status, channels } : undefined;
}

/** What `channel` was last told about the episode, or undefined when it heard nothing of it. */
export function heardBy(told: Told | null, episode: number, channel: string): ProblemStatus | undefined {
  if (!told || told.episode !== episode || !told.channels.includes(channel)) return undefined;
  return told.heard?.[channel] ?? told.status;
}

/** What `channel` was last told: its word on the episode, or the confirmed status before it began. */
export function previousFor(state: AlertState, channel: string): ConfirmedStatus {
  return heardBy(state.told, state.episode, channel) ?? state.episodeFrom;
}

/**
 * One event per group of channels that were last told the same thing, so every recipient's
 * `previous_state` is its own (docs/states.md). Usually a single event.
 */
export function perPrevious(event: Omit<AlertEvent, 'previous'>, previousOf: (channel: string) => ConfirmedStatus): AlertEvent[] {
  const groups = new Map<ConfirmedStatus, string[]>();
  for (const channel of event.channels) groups.set(previousOf(channel), [...(groups.get(previousOf(channel)) ?? []), channel]);
  return [...groups].map(([previous, channels]) => ({ ...event, channels, previous }));
}

/** The episode's word after telling `channels` that it is `status` now. */
export function tell(told: Told | null, state: AlertState, status: ProblemStatus, channels: readonly string[]): Told {
  const since = told?.since ?? state.episodeSince ?? state.since ?? 0;
  const known = told?.channels ?? [];
  const heard = Object.fromEntries(known.map((c) => [c, heardBy(told, state.episode, c) ?? status]));
  for (const c of channels) heard[c] = status;
  return { episode: state.episode, status: louder(told?.status, status), since, channels: union(known, [...channels]), heard, recoveredAt: null };
}

function louder(a: ProblemStatus | undefined, b: ProblemStatus): ProblemStatus {
  return a !== undefined && LOUDNESS[a] > LOUDNESS[b] ? a : b;
}

function announce(state: AlertState, status: ProblemStatus, channels: string[]): AlertEvent[] {
  const type = `monitor.${status}` as const;
  const paged = status === 'down';
  const event = {
    type,
    channels,
    episode: state.episode,
    ...(paged ? { step: 0 } : {}),
    dedupKey: paged ? `${state.episode}:monitor.down:0` : `${state.episode}:${type}`,
    message: state.message,
    since: state.since ?? 0,
  };
  return perPrevious(event, (c) => previousFor(state, c));
}

function recovered(state: AlertState, told: Told, now: number): AlertEvent[] {
  const upAt = told.recoveredAt ?? now;
  const downFor = Math.max(0, upAt - told.since);
  const verb = told.status === 'down' ? 'back up' : `no longer ${told.status}`;
  const event = {
    type: 'monitor.up' as const,
    channels: told.channels,
    episode: told.episode,
    dedupKey: `${told.episode}:monitor.up`,
    message: `${verb} after ${humanDuration(downFor)}: ${state.message}`,
    since: upAt,
    downFor,
  };
  return perPrevious(event, (c) => heardBy(told, told.episode, c) ?? told.status);
}

/**
 * From the state machine's events to outbox rows: one Notification per channel, carrying what a
 * person needs to act — what is wrong, since when, how many checks failed, the runbook, the ack
 * link, the dependants affected and the status page. Pure: links and ids come in as arguments.
 */
import type { Notification, NotificationEvent } from '../channels/types.js';
import { isProblem, type AlertEvent, type AlertState } from '../core/alert/index.js';
import type { Status } from '../core/types.js';
import type { OutboxInsert } from '../store/outbox.js';
import { onCallNote, type Routed } from './oncall-route.js';

export interface NotifyFacts {
  monitor: Notification['monitor'];
  /** The state after the step that produced the event. */
  state: AlertState;
  now: number;
  runbookUrl?: string | undefined;
  /** Made per event: each link is bound to the episode it acknowledges. */
  ackUrl?: ((episode: number) => string | undefined) | undefined;
  statusPageUrl?: string | undefined;
  /** Dependants not up right now: named on the upstream's problem notifications. */
  dependants: string[];
  /** Resolves `oncall:<schedule>` to the person on call now (services/oncall-route.ts); other channels pass through. */
  route?: ((channel: string) => Routed[]) | undefined;
}

/** One row per channel, each with an id that stays the same across delivery retries. */
export function outboxRows(event: AlertEvent, facts: NotifyFacts, newId: () => string): OutboxInsert[] {
  const routed = event.channels.flatMap((channel) => facts.route?.(channel) ?? [{ channel }]);
  // The person on call may own a channel the step also names: one notification per channel, naming them.
  const byChannel = new Map<string, Routed>();
  for (const r of routed) if (!byChannel.get(r.channel)?.onCall) byChannel.set(r.channel, r);
  return [...byChannel.values()].map(({ channel, onCall }) => {
    const id = newId();
    const notification = notificationOf(event, facts, id);
    const paged = onCall ? { ...notification, message: `${notification.message}${onCallNote(onCall)}`, on_call: onCall } : notification;
    return { id, dedupKey: event.dedupKey, channel, monitorId: facts.monitor.id, notification: paged, createdAt: facts.now };
  });
}

export function notificationOf(event: AlertEvent, facts: NotifyFacts, id: string): Notification {
  const state = stateOf(event, facts.state);
  const problem = event.type !== 'monitor.up';
  const ackUrl = problem && isProblem(facts.state.status) ? facts.ackUrl?.(event.episode) : undefined;
  const failed = problem && state !== 'up' && state !== 'unknown' ? facts.state.streaks.notUp : 0;
  return {
    id,
    event: event.type,
    at: iso(facts.now),
    monitor: facts.monitor,
    state,
    previous_state: event.previous,
    since: iso(event.since),
    message: event.message,
    ...(facts.runbookUrl !== undefined && { runbook_url: facts.runbookUrl }),
    ...(ackUrl !== undefined && { ack_url: ackUrl }),
    ...(problem && facts.dependants.length > 0 && { dependants: facts.dependants }),
    ...(failed > 0 && { failed_checks: failed }),
    ...(event.downFor !== undefined && { down_for_ms: event.downFor }),
    ...(facts.statusPageUrl !== undefined && { status_page_url: facts.statusPageUrl }),
    // PagerDuty and Opsgenie fold one episode's trigger, acknowledgement and resolution into one alert.
    dedup_key: `${facts.monitor.id}:${event.episode}`,
  };
}

/**
 * An acknowledgement told to the channels that heard about the problem, so paging services stop
 * paging and chat channels see who took it. Not a state machine event: the ack itself is the change.
 */
export function acknowledgedRows(facts: NotifyFacts, by: string, newId: () => string): OutboxInsert[] {
  const { state } = facts;
  const told = state.told;
  if (!told || told.episode !== state.episode || !isProblem(state.status)) return [];
  const event: AlertEvent = {
    type: 'monitor.down',
    channels: told.channels,
    episode: state.episode,
    dedupKey: `${state.episode}:monitor.acknowledged`,
    message: state.message,
    since: told.since,
    previous: told.status,
  };
  return outboxRows(event, facts, newId).map((row) => ({
    ...row,
    notification: { ...withoutAckLink(row.notification), event: 'monitor.acknowledged' satisfies NotificationEvent, acknowledged_by: by },
  }));
}

function withoutAckLink(n: Notification): Notification {
  const { ack_url: _ackUrl, ...rest } = n;
  return rest;
}

/** The status a notification announces: the event's own, or for reminders and flapping what the monitor is. */
function stateOf(event: AlertEvent, state: AlertState): Status {
  switch (event.type) {
    case 'monitor.down':
      return 'down';
    case 'monitor.degraded':
      return 'degraded';
    case 'monitor.unknown':
      return 'unknown';
    case 'monitor.up':
      return 'up';
    case 'monitor.reminder':
      return state.told?.status ?? 'down';
    case 'monitor.flapping':
      // Flapping needs confirmed changes, so the monitor has left pending.
      return state.status === 'pending' ? 'up' : state.status;
  }
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

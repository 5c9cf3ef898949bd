/** The alert state machine's vocabulary. All plain data: the state is stored as JSON and must survive a restart. */
import type { ConfirmedStatus, Status } from '../types.js';

export interface EscalationStep {
  /** Milliseconds after the down notification (step 0 ignores it: it fires on confirmation). */
  after: number;
  channels: string[];
}

/** What a confirmed `unknown` does: page and escalate like down, notify once like degraded, or stay quiet. */
export type UnknownRouting = 'page' | 'notify' | 'ignore';

export interface AlertPolicy {
  /** Consecutive failed results before a monitor is confirmed down (or degraded). */
  down_after: number;
  /** Consecutive successful results before it is confirmed up again. */
  up_after: number;
  /** Also confirm when `failures` of the last `of` results failed, for monitors that fail intermittently. */
  window?: { failures: number; of: number };
  /** Milliseconds between reminders while down and not acknowledged. */
  remind_every?: number;
  /** More than `changes` confirmed transitions within `within` ms is flapping. */
  flap?: { changes: number; within: number };
  escalation: EscalationStep[];
  /** Lower-urgency routing for degraded; default: the first escalation step's channels. */
  degraded_channels?: string[];
  /** Default `notify`. */
  unknown?: UnknownRouting;
}

export type AlertInput =
  | { kind: 'result'; status: Status; message: string; at: number }
  /** Time passes: reminders, escalation steps, the end of a timed maintenance window, flapping settling. */
  | { kind: 'tick' }
  | { kind: 'ack'; by: string }
  /**
   * `until` (epoch ms) ends the window on the first input at or after it, without another
   * maintenance input. `silence`: the window is a silence, not planned work (shown apart).
   */
  | { kind: 'maintenance'; active: boolean; until?: number; silence?: boolean }
  /** Ids of the monitor's depends_on monitors that are down right now (the whole list, not a change). */
  | { kind: 'upstream'; down: string[] };

/** The confirmed statuses that make an episode: what a person is told about. */
export type ProblemStatus = 'degraded' | 'down' | 'unknown';

/**
 * What the channels have been told about the current episode; recovery goes to exactly these
 * channels. Always the current episode: a problem that returns before its recovery was told
 * continues the episode rather than starting one the channels never saw begin.
 */
export interface Told {
  episode: number;
  status: ProblemStatus;
  /** When the episode began (the first confirmed non-up result). */
  since: number;
  channels: string[];
  /** What each channel was last told, when it differs from `status` (absent in states stored before it existed). */
  heard?: Record<string, ProblemStatus>;
  /** When the episode ended (the result that confirmed up), or null while it lasts. */
  recoveredAt: number | null;
}

/** Escalation of the episode that was announced down; its clock starts at the down notification. */
export interface Escalation {
  from: number;
  fired: number[];
  lastReminder: number;
  reminders: number;
}

export interface AlertState {
  /** Confirmed status: what the monitor is, not what its last result said. */
  status: ConfirmedStatus;
  /** When the confirmed status began (time of the result that confirmed it); null while pending. */
  since: number | null;
  /** What a person should read now: the last result's message, prefixed when blocked by an upstream. */
  message: string;
  lastResult: { status: Status; message: string; at: number } | null;
  /**
   * Consecutive results of each kind; `notUp` counts degraded and down alike. Unknown results are
   * evidence of nothing: they count only in `unknown` and leave the other streaks as they were.
   */
  streaks: { up: number; notUp: number; down: number; notDown: number; unknown: number };
  /** The last `window.of` judged results (unknown ones skipped), oldest first. */
  recent: Status[];
  /** Counts problems: a new episode begins each time the monitor leaves up (or pending). */
  episode: number;
  episodeSince: number | null;
  /** The confirmed status before the current (or last) episode began: what its first notification says it was. */
  episodeFrom: 'up' | 'pending';
  acknowledged: { by: string; at: number } | null;
  told: Told | null;
  escalation: Escalation | null;
  /** Times of recent confirmed transitions, for flap detection. */
  transitions: number[];
  flapping: boolean;
  /** Flapping periods so far; names each one in dedup keys. */
  flaps: number;
  maintenance: { until: number | null; silence?: true } | null;
  /** A notification is due but held back by maintenance, an upstream outage or flapping. */
  held: boolean;
  blockedBy: string[];
}

export type AlertEventType = 'monitor.down' | 'monitor.degraded' | 'monitor.unknown' | 'monitor.up' | 'monitor.reminder' | 'monitor.flapping';

export interface AlertEvent {
  type: AlertEventType;
  channels: string[];
  episode: number;
  /** Escalation step of a monitor.down (0 on confirmation, later steps when not acknowledged in time). */
  step?: number;
  /** Stable per episode, type and step; the outbox prefixes the monitor id and drops repeats. */
  dedupKey: string;
  /** What happened and the figure that decided it; the channel adds the monitor's name and target. */
  message: string;
  since: number;
  /**
   * The confirmed status these channels were last told (or, first told now, the one before the
   * episode). Channels that heard different things get separate events (same dedup key).
   */
  previous: ConfirmedStatus;
  /** Upstream monitors whose outage held this notification back until now. */
  blockedBy?: string[];
  /** On recovery: how long the monitor was not up, in ms. */
  downFor?: number;
}

export interface StepOutcome {
  state: AlertState;
  events: AlertEvent[];
}

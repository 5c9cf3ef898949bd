/**
 * The channel vocabulary: what the outbox hands a channel (a Notification),
 * what render() makes of it (an exact request), and what send() reports back.
 */
import type { FileOnly } from '../checks/target.js';
import type { TargetPolicy } from '../core/targets/policy.js';
import type { ConfirmedStatus, Status } from '../core/types.js';
import type { ChannelConfig, ChannelOf, ChannelType } from '../schema/channels.js';

export type NotificationEvent =
  | 'monitor.down'
  | 'monitor.degraded'
  /** The check keeps failing to judge (a plugin's UNKNOWN); routed by `alert.unknown`. */
  | 'monitor.unknown'
  | 'monitor.up'
  | 'monitor.reminder'
  | 'monitor.flapping'
  /** Someone took the problem on: PagerDuty and Opsgenie stop paging; chat channels say who. */
  | 'monitor.acknowledged'
  | 'tocsin.self'
  | 'test';

export interface NotificationMonitor {
  id: string;
  name: string;
  type: string;
  /** What is probed, already redacted (no passwords in URLs). */
  target: string;
}

/** One notification as stored in the outbox: plain JSON, times as ISO 8601 strings. */
export interface Notification {
  /** Stays the same across retries; receivers deduplicate on it. */
  id: string;
  event: NotificationEvent;
  at: string;
  monitor: NotificationMonitor;
  state: Status;
  /** What the recipients were last told about this monitor; `pending` when it was never up (docs/states.md). */
  previous_state: ConfirmedStatus;
  /** When the current state (or the episode, for reminders and recovery) began. */
  since: string;
  /** The last check's message: what was observed and what decided it. */
  message: string;
  runbook_url?: string;
  ack_url?: string;
  incident_id?: string;
  /** Monitors that depend on this one and are held back while it is down. */
  dependants?: string[];
  failed_checks?: number;
  /** On recovery: how long it was not up. */
  down_for_ms?: number;
  status_page_url?: string;
  acknowledged_by?: string;
  /** Sent to whoever was on call in `schedule` at that instant (`person` null: nobody was, the fallback heard it). */
  on_call?: { schedule: string; person: string | null; name: string };
  /** One per episode: PagerDuty and Opsgenie fold trigger, acknowledge and resolve into one alert with it. */
  dedup_key: string;
}

export interface RenderContext {
  /** IANA zone for the times people read; UTC unless configured. */
  timeZone: string;
  /** Names this tocsin instance where a service wants a source (PagerDuty `source`, Opsgenie `source`). */
  source: string;
}

export const defaultRenderContext: RenderContext = { timeZone: 'UTC', source: 'tocsin' };

/** A fully rendered HTTP request: the exact bytes a test expects on the wire. */
export interface HttpRequest {
  method: 'POST' | 'PUT' | 'GET';
  url: string;
  /** Lower-case names. */
  headers: Record<string, string>;
  body: string;
}

/** What a channel renders for a notification it deliberately does not send (a recovery is not worth a phone call). */
export interface Skipped {
  skip: string;
}

export type SendOutcome =
  /** `skipped`: the channel chose to send nothing (a recovery to a phone call): done, but nothing was learnt about the receiver. */
  { ok: true; status: number; detail: string; skipped?: true } | { ok: false; permanent: boolean; status?: number; error: string; retryAfterMs?: number };

export interface SendOptions {
  /** The channel's id in the config: errors name it so a person knows which one to fix. */
  channel: string;
  /** Deadline of one attempt, everything included (resolving, connecting, the answer). */
  timeoutMs: number;
  signal?: AbortSignal;
  /**
   * Tests only: replaces the scheme, host and port of the rendered URL, so a
   * channel whose address is fixed (PagerDuty, Pushover, Telegram) can be
   * pointed at a local server. Never set from configuration.
   */
  baseUrlOverride?: string;
  /** Tests only: extra CA certificates to trust for https. */
  ca?: string | string[];
  /** Where the attempt may connect (server.probe_targets; public addresses only for status page webhooks). Absent: anywhere. */
  targets?: TargetPolicy | undefined;
  /** Tests only: resolve through this DNS server (`ip:port`) instead of the system's. */
  dnsServer?: string;
}

/** One channel type: a pure render and a send that performs exactly what render produced. */
export interface ChannelDriver<T extends ChannelType, Payload> {
  type: T;
  render(notification: Notification, config: ChannelOf<T>, context: RenderContext): Payload;
  send(payload: Payload, config: ChannelOf<T>, options: SendOptions): Promise<SendOutcome>;
  /** Why a channel with these settings can only be written in tocsin.yaml (not through the API); absent: writable anywhere. */
  fileOnly?(config: ChannelOf<T>): FileOnly | undefined;
}

export type { ChannelConfig, ChannelOf, ChannelType };

/** The event that announces a monitor's status: `monitor.down` for down, and so on. */
export function eventFor(status: Status): NotificationEvent {
  return `monitor.${status}`;
}

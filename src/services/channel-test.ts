/**
 * A `test` notification sent straight to one channel (not through the outbox), with the receiver's
 * answer worded for a person: `tocsin notify test` and POST /api/v1/channels/:id/test both use it,
 * so whoever sets up a channel sees at once whether the URL, token or address is right.
 */
import { deliver } from '../channels/registry.js';
import { maskSecretText } from '../channels/secrets.js';
import { defaultRenderContext, type ChannelConfig, type Notification, type SendOutcome } from '../channels/types.js';
import type { TargetPolicy } from '../core/targets/policy.js';
import { TocsinError } from '../lib/errors.js';

export interface TestResult {
  ok: boolean;
  /** One line for the person: the channel, the answer and how long it took. */
  line: string;
}

/** The worded result with the figures behind it, for callers that show more than the line. */
export interface TestDelivery extends TestResult {
  /** The receiver's status code (HTTP or SMTP), when it answered. */
  status: number | null;
  /** A failure tocsin would not retry: the receiver refused the request. */
  permanent: boolean;
  ms: number;
}

/** `sentBy` says where the test came from, so the person receiving it knows it is not a page. */
export function testNotification(channel: string, now: number, sentBy = 'tocsin notify test'): Notification {
  const at = new Date(now).toISOString();
  return {
    id: `test_${now.toString(36)}`,
    event: 'test',
    at,
    monitor: { id: 'tocsin', name: 'tocsin', type: 'test', target: channel },
    state: 'up',
    previous_state: 'up',
    since: at,
    message: `sent by ${sentBy} to the channel ${channel}`,
    dedup_key: `test/${channel}/${now}`,
  };
}

/**
 * Sends the test notification and words the outcome; throws not_found for an unknown channel.
 * `targets` is server.probe_targets: a test reaches only what a real notification may.
 */
export async function sendTest(
  channels: Record<string, ChannelConfig>,
  channel: string,
  timeoutMs: number,
  { sentBy, targets }: { sentBy?: string; targets?: TargetPolicy | undefined } = {},
): Promise<TestDelivery> {
  const config = Object.hasOwn(channels, channel) ? channels[channel] : undefined;
  if (!config) {
    const known = Object.keys(channels).join(', ');
    throw new TocsinError('not_found', `no channel "${channel}" in the config; configured channels: ${known || 'none (add some under channels:)'}`, {
      field: 'id',
      expected: 'the id of a channel under channels: in tocsin.yaml',
    });
  }
  const started = performance.now();
  const answer = await deliver(config, testNotification(channel, Date.now(), sentBy), defaultRenderContext, { channel, timeoutMs, targets });
  // The receiver's words may echo the request: shown like a stored delivery error, secrets masked.
  const outcome = answer.ok ? { ...answer, detail: maskSecretText(answer.detail, config) } : { ...answer, error: maskSecretText(answer.error, config) };
  const ms = Math.round(performance.now() - started);
  const permanent = !outcome.ok && outcome.permanent;
  return { ...describeOutcome(channel, outcome, ms), status: outcome.status ?? null, permanent, ms };
}

/** "ops-webhook: HTTP 200 in 35 ms" — the status first, then whatever the receiver said. Pure. */
export function describeOutcome(channel: string, outcome: SendOutcome, ms: number): TestResult {
  if (outcome.ok) {
    const head = `HTTP ${outcome.status}`;
    const said = outcome.detail.startsWith(head) ? outcome.detail.slice(head.length).replace(/^:\s*/, '') : outcome.detail;
    const line = outcome.detail.startsWith(head) ? `${channel}: ${head} in ${ms} ms${said ? ` (${said})` : ''}` : `${channel}: ${outcome.detail} in ${ms} ms`;
    return { ok: true, line };
  }
  // Errors from the channels already start with the channel id and its host.
  const error = outcome.error.startsWith(channel) ? outcome.error : `${channel}: ${outcome.error}`;
  const advice = outcome.permanent
    ? "the receiver refused the request: check the channel's URL, token or address"
    : 'a temporary failure: tocsin would keep retrying this for 24 h';
  return { ok: false, line: `${error} after ${ms} ms; ${advice}` };
}

/**
 * One attempt at delivering claimed outbox rows (one row, or several as a digest): send under a
 * hard deadline, mask the channel's secrets out of any error, then record the outcome and the
 * channel's health in one transaction.
 */
import { maskSecretText } from '../channels/secrets.js';
import type { ChannelConfig, Notification, SendOutcome } from '../channels/types.js';
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import { recordChannelFailure, recordChannelOk } from '../store/channel-health.js';
import { giveUpExpired, makeChannelDue, markDelivered, markFailed, type OutboxRow } from '../store/outbox.js';
import type { Db } from '../store/schema.js';
import { inTransaction } from '../store/tx.js';
import { decideRetry, type RetryPolicy } from './backoff.js';
import type { AttemptOutcome } from './delivery-circuit.js';
import { recoveredNotice } from './channel-notices.js';
import { enqueueNotice, othersThan } from './channel-watch.js';
import { buildDigest } from './digest.js';

/** Renders and sends one notification on one channel; the composition root adapts the channel registry. */
export type SendNotification = (
  channelId: string,
  config: ChannelConfig,
  notification: Notification,
  options: { timeoutMs: number; signal: AbortSignal },
) => Promise<SendOutcome>;

export interface AttemptCounters {
  /** Outbox rows delivered (a digest counts each row it stands for). */
  delivered: number;
  failedAttempts: number;
  digests: number;
}

/**
 * What this worker last recorded per channel. While a channel works, its health row is refreshed
 * at most once a second: three statements per delivered notification cost more than the sending.
 */
export interface ChannelMemory {
  okRecordedAt: Map<string, number>;
}

const OK_REFRESH_MS = 1_000;

export interface AttemptDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  fallback: () => string[];
  send: SendNotification;
  options: { attemptTimeoutMs: number; retry: RetryPolicy; random: () => number };
  counters: AttemptCounters;
  memory: ChannelMemory;
}

/** A sender that ignores its deadline must not hold the claim forever: this one is enforced here. */
const DEADLINE_GRACE_MS = 1_000;

/** Sends, records, and tells the caller the outcome as the channel's circuit sees it. */
export async function attemptDelivery(deps: AttemptDeps, channel: string, config: ChannelConfig, rows: OutboxRow[]): Promise<AttemptOutcome | undefined> {
  const [first] = rows;
  if (!first) return undefined;
  const notification =
    rows.length === 1
      ? first.notification
      : buildDigest(
          rows.map((r) => r.notification),
          deps.clock.now(),
        );
  const outcome = masked(await sendWithin(deps, channel, config, notification), config);
  const now = deps.clock.now();
  const ids = rows.map((r) => r.id);
  if (outcome.ok && outcome.skipped) {
    // Done with, but the receiver was not heard from: the channel's health stays what it was.
    await markDelivered(deps.db, ids, now);
    deps.logger.info({ channel }, `${first.event} of ${first.monitorId} to ${channel}: ${outcome.detail}`);
    return { ok: true, skipped: true };
  }
  if (outcome.ok) {
    await recordSuccess(deps, channel, ids, now);
    deps.counters.delivered += rows.length;
    if (rows.length > 1) deps.counters.digests += 1;
    return { ok: true };
  }
  const attempts = Math.max(...rows.map((r) => r.attempts)) + 1;
  const decision = decideRetry(outcome, attempts, now, deps.options.retry, deps.options.random());
  await inTransaction(deps.db, async (trx) => {
    await markFailed(trx, ids, {
      now,
      error: outcome.error,
      deadIfCreatedBy: decision.deadIfCreatedBy,
      ...(decision.nextAttemptAt !== undefined && { nextAttemptAt: decision.nextAttemptAt }),
    });
    await giveUpExpired(trx, channel, { now, error: outcome.error, deadIfCreatedBy: decision.deadIfCreatedBy });
    await recordChannelFailure(trx, channel, now, outcome.error);
  });
  // The next success must reach the health row at once: it ends this failure, releases what was kept, and may owe a recovery notice.
  deps.memory.okRecordedAt.delete(channel);
  deps.counters.failedAttempts += 1;
  const what = rows.length === 1 ? `${first.event} of ${first.monitorId}` : `a digest of ${rows.length} notifications`;
  const next =
    decision.nextAttemptAt === undefined
      ? 'given up: the receiver refused the request itself, so the channel needs fixing'
      : first.createdAt <= decision.deadIfCreatedBy
        ? 'given up: retried for the whole retry window'
        : `retry in ${Math.round((decision.nextAttemptAt - now) / 1000)} s`;
  deps.logger.warn({ channel, attempts }, `sending ${what} to ${channel} failed (attempt ${attempts}): ${outcome.error}; ${next}`);
  return { ok: false, ...(outcome.retryAfterMs !== undefined && { retryAfterMs: outcome.retryAfterMs }) };
}

/** Masked before anything is stored or logged: a receiver that echoes the request must not leak the channel's secrets. */
function masked(outcome: SendOutcome, config: ChannelConfig): SendOutcome {
  return outcome.ok ? outcome : { ...outcome, error: maskSecretText(outcome.error, config) };
}

/**
 * The first success after failures ends the channel's failure: every notification kept for it is
 * due at once (the circuit closed), and the fallback channels, if told of the failure, hear it ended.
 */
async function recordSuccess(deps: AttemptDeps, channel: string, ids: string[], now: number): Promise<void> {
  const recorded = deps.memory.okRecordedAt.get(channel);
  if (recorded !== undefined && now - recorded < OK_REFRESH_MS) return markDelivered(deps.db, ids, now);
  await inTransaction(deps.db, async (trx) => {
    await markDelivered(trx, ids, now);
    const ended = await recordChannelOk(trx, channel, now);
    if (ended?.failingSince == null) return;
    await makeChannelDue(trx, channel, now);
    if (ended.alertedAt !== null) await enqueueNotice(trx, recoveredNotice(channel, ended.failingSince, now), othersThan(channel, deps.fallback()), now);
  });
  deps.memory.okRecordedAt.set(channel, now);
}

/** One send under the attempt's deadline; never throws. */
export async function sendWithin(
  deps: Pick<AttemptDeps, 'send'> & { options: { attemptTimeoutMs: number } },
  channel: string,
  config: ChannelConfig,
  notification: Notification,
): Promise<SendOutcome> {
  const timeoutMs = deps.options.attemptTimeoutMs;
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<SendOutcome>((resolve) => {
    timer = setTimeout(() => {
      controller.abort(new Error('timeout'));
      resolve({ ok: false, permanent: false, error: `${channel}: no answer within ${timeoutMs} ms` });
    }, timeoutMs + DEADLINE_GRACE_MS);
  });
  try {
    return await Promise.race([deps.send(channel, config, notification, { timeoutMs, signal: controller.signal }), deadline]);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, permanent: false, error: `${channel}: ${message}` };
  } finally {
    clearTimeout(timer);
  }
}

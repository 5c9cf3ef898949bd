/**
 * Paging when the store cannot be written. While the database refuses writes (disk full, a corrupt
 * file, PostgreSQL unreachable) results and pages wait in the writer's memory, and the outbox that
 * would carry a page lives in that same database. So the writer and the delivery worker report
 * here whether their writes work, and while they fail this sends a last-resort notice straight to
 * the fallback channels (every channel when none is set), from memory, past the outbox, retrying
 * each until it is accepted. Once writes work again, "writable again" goes through the outbox to
 * the channels that were told; the held pages are written by the writer, ids unchanged, and
 * delivered as usual, so none is sent twice.
 */
import { maskSecretText } from '../channels/secrets.js';
import type { ChannelConfig, Notification } from '../channels/types.js';
import { formatDuration } from '../channels/message.js';
import type { OutboxInsert } from '../store/outbox.js';
import { backoffDelay, type RetryPolicy } from './backoff.js';
import { enqueueNotice } from './channel-watch.js';
import { sendWithin } from './delivery-attempt.js';
import type { DeliveryDeps } from './delivery.js';
import {
  defaultOutagePolicy,
  heldChanges,
  outageKey,
  outageMessage,
  owedMessage,
  writableAgainMessage,
  type OutagePolicy,
  type Told,
} from './delivery-store-outage.js';

/** How the writers say whether the store takes their writes; `source` names the writer. */
export interface StoreSignals {
  failed(source: string, reason: string): void;
  ok(source: string): void;
}

export interface LastResortOptions {
  policy: OutagePolicy;
  /** Between attempts at one channel's notice. */
  retry: Pick<RetryPolicy, 'baseMs' | 'capMs'>;
  attemptTimeoutMs: number;
  tickMs: number;
  random: () => number;
}

const defaults: LastResortOptions = {
  policy: defaultOutagePolicy,
  retry: { baseMs: 5_000, capMs: 5 * 60_000 },
  attemptTimeoutMs: 10_000,
  tickMs: 1_000,
  random: Math.random,
};

/** The delivery worker's own dependencies: the same channels, fallback and sender. */
export interface LastResortDeps extends Pick<DeliveryDeps, 'db' | 'clock' | 'logger' | 'channels' | 'fallback' | 'send'> {
  /** The notifications held in memory, not yet written. */
  held: () => readonly OutboxInsert[];
  options?: Partial<LastResortOptions>;
}

/** A message owed to one channel, retried as is until accepted. */
interface Owed {
  notification: Notification;
  changes: number;
  attempts: number;
  retryAt: number;
}

interface Outage {
  since: number;
  reason: string;
  /** Set while every writer succeeds again: the outage ends once this has lasted `settleMs`. */
  okSince?: number;
  told: Map<string, Told>;
  owed: Map<string, Owed>;
}

export class LastResort implements StoreSignals {
  private readonly options: LastResortOptions;
  private readonly failing = new Map<string, string>();
  private outage: Outage | undefined;
  private readonly sending = new Map<string, Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private ticking = false;

  constructor(private readonly deps: LastResortDeps) {
    this.options = { ...defaults, ...deps.options };
  }

  failed(source: string, reason: string): void {
    this.failing.set(source, reason);
    this.outage ??= { since: this.deps.clock.now(), reason, told: new Map(), owed: new Map() };
    this.outage.reason = reason;
    delete this.outage.okSince;
  }

  ok(source: string): void {
    if (!this.failing.delete(source) || this.failing.size > 0 || !this.outage) return;
    // A blip nobody heard of ends here; one people were told of ends once writes have held for a while.
    if (this.outage.told.size === 0 && this.sending.size === 0) this.outage = undefined;
    else this.outage.okSince ??= this.deps.clock.now();
  }

  start(): void {
    this.timer = setInterval(() => void this.tick(), this.options.tickMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.idle();
  }

  /** Resolves when no notice is in flight (each is bounded by its deadline). */
  async idle(): Promise<void> {
    await Promise.allSettled(this.sending.values());
  }

  /** Sends what is owed now; tests call it directly. */
  async tick(): Promise<void> {
    const outage = this.outage;
    if (!outage || this.ticking) return;
    this.ticking = true;
    try {
      const now = this.deps.clock.now();
      if (outage.okSince === undefined) this.tellAll(outage, now);
      else if (now - outage.okSince >= this.options.policy.settleMs && this.sending.size === 0) await this.recover(outage, now);
    } finally {
      this.ticking = false;
    }
  }

  private tellAll(outage: Outage, now: number): void {
    const channels = this.deps.channels();
    const fallback = this.deps.fallback().filter((id) => Object.hasOwn(channels, id));
    const changes = heldChanges(this.deps.held());
    for (const channel of fallback.length > 0 ? fallback : Object.keys(channels)) {
      const config = channels[channel];
      if (!config || this.sending.has(channel)) continue;
      const owed = outage.owed.get(channel) ?? this.owe(outage, channel, changes, now);
      if (!owed || now < owed.retryAt) continue;
      const run = this.sendOwed(outage, channel, config, owed).finally(() => this.sending.delete(channel));
      this.sending.set(channel, run);
    }
  }

  private owe(outage: Outage, channel: string, changes: ReturnType<typeof heldChanges>, now: number): Owed | undefined {
    const due = owedMessage(outage.since, outage.told.get(channel), changes.length, now, this.options.policy);
    if (!due) return undefined;
    const owed = { notification: outageMessage(due, outage.since, outage.reason, changes, now), changes: changes.length, attempts: 0, retryAt: now };
    outage.owed.set(channel, owed);
    return owed;
  }

  private async sendOwed(outage: Outage, channel: string, config: ChannelConfig, owed: Owed): Promise<void> {
    const outcome = await sendWithin({ send: this.deps.send, options: this.options }, channel, config, owed.notification);
    const now = this.deps.clock.now();
    if (outcome.ok) {
      outage.owed.delete(channel);
      outage.told.set(channel, { at: now, changes: owed.changes });
      this.deps.logger.error(`told ${channel}, past the outbox: ${owed.notification.message}`);
      return;
    }
    owed.attempts += 1;
    owed.retryAt = now + backoffDelay(owed.attempts, this.options.retry, this.options.random());
    const error = maskSecretText(outcome.error, config);
    this.deps.logger.error(
      `the last-resort notice to ${channel} failed (attempt ${owed.attempts}): ${error}; retrying in ${formatDuration(owed.retryAt - now)}`,
    );
  }

  /** "Writable again" goes through the outbox: writing it is itself the proof, and it is retried like any page. */
  private async recover(outage: Outage, now: number): Promise<void> {
    const told = [...outage.told.keys()];
    const notice = { dedupKey: `${outageKey(outage.since)}/writable`, notification: writableAgainMessage(outage.since, now) };
    try {
      await enqueueNotice(this.deps.db, notice, told, now);
    } catch {
      // Still refused: the outage goes on, and the writers will say so.
      return;
    }
    if (this.outage === outage) this.outage = undefined;
    this.deps.logger.info(
      `tocsin can write to its database again after ${formatDuration(now - outage.since)}${told.length > 0 ? `; told ${told.join(', ')}` : ''}`,
    );
  }
}

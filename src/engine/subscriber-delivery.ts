/**
 * Sends what waits in subscriber_messages: email through the first configured `email` channel,
 * webhooks as a JSON POST. A message is marked sent only after the receiver took it; failures are
 * retried with jittered exponential backoff for a day. Retry state lives in memory (the table has
 * no attempts column), so a restart retries at once, which only costs an early try.
 */
import { send as sendMail } from '../channels/email/send.js';
import type { MailMessage } from '../channels/email/render.js';
import { sendHttp } from '../channels/http-send.js';
import type { ChannelConfig, ChannelOf, HttpRequest, SendOptions, SendOutcome } from '../channels/types.js';
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import type { Db } from '../store/schema.js';
import { getSubscriber, markSent, pendingMessages, type SubscriberMessage } from '../store/subscribers.js';
import { linksFor, renderMail, renderWebhook, type SubscriberNotice } from '../services/subscriber-messages.js';

const GIVE_UP_MS = 24 * 3_600_000;

export interface SubscriberSenders {
  mail(message: MailMessage, config: ChannelOf<'email'>, options: SendOptions): Promise<SendOutcome>;
  webhook(request: HttpRequest, options: SendOptions): Promise<SendOutcome>;
}

export interface SubscriberDeliveryDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  channels: () => Record<string, ChannelConfig>;
  /** Where links in messages point: server.public_url, else the address tocsin listens on. */
  baseUrl: () => string;
  senders?: SubscriberSenders;
  pollMs?: number;
  timeoutMs?: number;
}

/** 5 s, 10 s, 20 s … capped at an hour, with ±20 % jitter so a receiver coming back is not hit all at once. */
export function retryDelay(attempts: number, random: number): number {
  const base = Math.min(3_600_000, 5000 * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.8 + 0.4 * random));
}

export class SubscriberDelivery {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private readonly retries = new Map<string, { attempts: number; nextAt: number; dead: boolean }>();
  private readonly senders: SubscriberSenders;
  private warnedNoMail = false;

  constructor(private readonly deps: SubscriberDeliveryDeps) {
    this.senders = deps.senders ?? { mail: sendMail, webhook: (request, options) => sendHttp(request, options) };
  }

  start(): void {
    this.timer = setInterval(() => void this.runOnce(), this.deps.pollMs ?? 2000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Something was queued: send now rather than at the next poll. */
  nudge(): void {
    void this.runOnce();
  }

  runOnce(): Promise<void> {
    this.running ??= this.deliverDue().catch((error: unknown) => {
      this.deps.logger.error(`subscriber messages could not be read: ${(error as Error).message}; trying again in a moment`);
    }).finally(() => (this.running = undefined));
    return this.running;
  }

  private async deliverDue(): Promise<void> {
    const now = this.deps.clock.now();
    for (const message of await pendingMessages(this.deps.db, now - GIVE_UP_MS, 100)) {
      const retry = this.retries.get(message.id);
      if (retry && (retry.dead || retry.nextAt > now)) continue;
      const outcome = await this.deliver(message, now);
      if (outcome === undefined) continue;
      if (outcome.ok) {
        await markSent(this.deps.db, message.id, this.deps.clock.now());
        this.retries.delete(message.id);
        continue;
      }
      const attempts = (retry?.attempts ?? 0) + 1;
      this.retries.set(message.id, { attempts, nextAt: now + retryDelay(attempts, Math.random()), dead: outcome.permanent });
      const next = outcome.permanent ? 'giving up on it' : `try ${attempts + 1} in about ${Math.round(retryDelay(attempts, 0.5) / 1000)} s`;
      this.deps.logger.warn({ message: message.id }, `subscriber message "${message.subject}" not delivered: ${outcome.error}; ${next}`);
    }
  }

  /** Undefined when it cannot be attempted yet (no email channel configured): it waits, unsent. */
  private async deliver(message: SubscriberMessage, now: number): Promise<SendOutcome | undefined> {
    const subscriber = await getSubscriber(this.deps.db, message.subscriberId);
    if (!subscriber) return undefined;
    const notice = JSON.parse(message.body) as SubscriberNotice;
    const links = linksFor(subscriber, this.deps.baseUrl());
    const options = { channel: subscriber.kind === 'email' ? 'subscriber email' : 'subscriber webhook', timeoutMs: this.deps.timeoutMs ?? 10_000 };
    if (subscriber.kind === 'webhook') return this.senders.webhook(renderWebhook(message.id, notice, subscriber, links, now), options);
    const channel = Object.entries(this.deps.channels()).find((entry): entry is [string, ChannelOf<'email'>] => entry[1].type === 'email');
    if (!channel) {
      if (!this.warnedNoMail) this.deps.logger.warn('status page subscribers wait for email: configure a channel of type email to send through');
      this.warnedNoMail = true;
      return undefined;
    }
    this.warnedNoMail = false;
    const [id, config] = channel;
    return this.senders.mail(renderMail(message.id, notice, subscriber, links, config.from, now), config, { ...options, channel: id });
  }
}

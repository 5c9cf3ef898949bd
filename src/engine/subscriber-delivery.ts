/**
 * Sends what waits in subscriber_messages: email through the first configured `email` channel,
 * webhooks as a JSON POST to an address checked at every attempt (public only by default). A
 * message to a confirmed subscriber is marked sent only after the receiver took it; failures are
 * retried with jittered exponential backoff for a day. Retry state lives in memory (the table has
 * no attempts column), so a restart retries at once, which only costs an early try. A confirmation
 * request goes out at most once and is never retried: it is marked sent before the attempt, so an
 * address a stranger typed in hears from tocsin once, whatever it answers.
 */
import { send as sendMail } from '../channels/email/send.js';
import type { MailMessage } from '../channels/email/render.js';
import { sendHttp } from '../channels/http-send.js';
import type { ChannelConfig, ChannelOf, HttpRequest, SendOptions, SendOutcome } from '../channels/types.js';
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import type { Db } from '../store/schema.js';
import { markSent, subscriberToSend, pendingMessages, type Subscriber, type SubscriberMessage } from '../store/subscribers.js';
import { linksFor, renderMail, renderWebhook, type SubscriberNotice } from '../web/status/subscriber-messages.js';
import type { SubscriberTargets } from '../services/subscriptions.js';
import { decodeSubscriberNotice } from './subscriber-notice-codec.js';

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
  /** Where messages may go, from the running config: subscriberTargets(config.server). */
  targets: () => SubscriberTargets;
  /** Tests only: resolve webhook hosts through this DNS server (`ip:port`). */
  dnsServer?: string;
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
    this.running ??= this.deliverDue()
      .catch((error: unknown) => {
        this.deps.logger.error(`subscriber messages could not be read: ${(error as Error).message}; trying again in a moment`);
      })
      .finally(() => (this.running = undefined));
    return this.running;
  }

  private async deliverDue(): Promise<void> {
    const now = this.deps.clock.now();
    for (const message of await pendingMessages(this.deps.db, now - GIVE_UP_MS, 100)) {
      const retry = this.retries.get(message.id);
      if (retry && (retry.dead || retry.nextAt > now)) continue;
      const notice = decodeSubscriberNotice(message.body);
      if (!notice.ok) {
        // Given up until a restart, as a permanent refusal is: retrying cannot make it readable.
        this.retries.set(message.id, { attempts: 0, nextAt: now, dead: true });
        this.deps.logger.warn(
          { message: message.id, subscriber: message.subscriberId },
          `subscriber message ${message.id} cannot be read (${notice.problem}); not sent`,
        );
        continue;
      }
      const subscriber = await subscriberToSend(this.deps.db, message.subscriberId);
      const send = subscriber && this.sender(message, notice.value, subscriber, now);
      if (!subscriber || !send) continue;
      if (subscriber.confirmedAt === null) {
        await markSent(this.deps.db, message.id, now);
        const outcome = await send();
        if (!outcome.ok)
          this.deps.logger.warn(
            { message: message.id },
            `subscription confirmation not delivered: ${outcome.error}; not retried (an unconfirmed address gets one request)`,
          );
        continue;
      }
      const outcome = await send();
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

  /** The attempt, ready to make; undefined when it cannot be made yet (no email channel configured): it waits, unsent. */
  private sender(message: SubscriberMessage, notice: SubscriberNotice, subscriber: Subscriber, now: number): (() => Promise<SendOutcome>) | undefined {
    const links = linksFor(subscriber, this.deps.baseUrl());
    const targets = this.deps.targets();
    const options = {
      channel: subscriber.kind === 'email' ? 'subscriber email' : 'subscriber webhook',
      timeoutMs: this.deps.timeoutMs ?? 10_000,
      dnsServer: this.deps.dnsServer,
    };
    if (subscriber.kind === 'webhook')
      return () => this.senders.webhook(renderWebhook(message.id, notice, subscriber, links, now), { ...options, targets: targets.webhooks });
    const channel = Object.entries(this.deps.channels()).find((entry): entry is [string, ChannelOf<'email'>] => entry[1].type === 'email');
    if (!channel) {
      if (!this.warnedNoMail) this.deps.logger.warn('status page subscribers wait for email: configure a channel of type email to send through');
      this.warnedNoMail = true;
      return undefined;
    }
    this.warnedNoMail = false;
    const [id, config] = channel;
    return () =>
      this.senders.mail(renderMail(message.id, notice, subscriber, links, config.from, now), config, { ...options, channel: id, targets: targets.mail });
  }
}

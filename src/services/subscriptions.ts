/**
 * The writers of status page subscriptions, and of the messages posts cause. Subscribing only
 * queues a confirmation (double opt-in): nothing else is ever sent to an address that did not
 * confirm. Posts and their subscriber messages are written in one transaction, then delivered by
 * engine/subscriber-delivery.ts: persist, then deliver.
 */
import { randomBytes } from 'node:crypto';
import { describeDnsError } from '../lib/net/resolve.js';
import { resolveAllowed } from '../lib/net/targets.js';
import { allOf, probeTargetPolicy, type ProbeTargets, type TargetPolicy } from '../core/targets/policy.js';
import { publicOnly } from '../core/targets/public-only.js';
import { TocsinError } from '../lib/errors.js';
import type { StatusPageConfig } from '../schema/config.js';
import type { Post } from '../store/incidents.js';
import type { Db } from '../store/schema.js';
import { logDamaged } from '../store/stored-json.js';
import {
  confirmedSubscribers,
  confirmSubscriber,
  deleteSubscriber,
  findSubscriber,
  insertSubscriber,
  messagesOf,
  queueMessages,
  renewSubscriber,
  subscriberByToken,
  type Subscriber,
  type SubscriberKind,
} from '../store/subscribers.js';
import { inTransaction } from '../store/tx.js';
import { recordAudit, type AuditActor } from './audit.js';
import type { PostContext } from './incidents.js';
import { concerns, postNotice, subjectOf, type SubscriberNotice } from '../web/status/subscriber-messages.js';

export interface SubscribeInput {
  page: string;
  email?: string | undefined;
  webhook?: string | undefined;
  components?: string[] | undefined;
}

export interface SubscriptionContext {
  db: Db;
  now: number;
  pages: readonly StatusPageConfig[];
  /** Where a webhook may point (subscriberTargets(…).webhooks); undefined: anywhere. */
  webhookTargets: TargetPolicy | undefined;
  /** Tests only: resolve webhook hosts through this DNS server (`ip:port`). */
  dnsServer?: string | undefined;
}

/** The parts of the `server` section that decide where subscriber messages may go. */
export interface SubscriberTargetSettings {
  probe_targets?: ProbeTargets | undefined;
  subscriptions?: { allow_private_webhooks: boolean } | undefined;
}

export interface SubscriberTargets {
  /** Mail goes through the configured email channel: server.probe_targets only. */
  mail: TargetPolicy | undefined;
  /** Webhooks are given by anonymous visitors: public addresses only, unless the owner opens them; server.probe_targets too. */
  webhooks: TargetPolicy | undefined;
}

export function subscriberTargets(server: SubscriberTargetSettings): SubscriberTargets {
  const probes = probeTargetPolicy(server.probe_targets);
  const publicOnlyWebhooks = server.subscriptions?.allow_private_webhooks !== true;
  return { mail: probes, webhooks: publicOnlyWebhooks ? allOf(probes, publicOnly('status page webhooks must reach a public address')) : probes };
}

const EMAIL = /^[^@\s<>"]{1,64}@[^@\s<>"]+\.[^@\s<>"]+$/;
const DAY = 86_400_000;
/** How long subscribing waits for the webhook's host to resolve. */
const RESOLVE_MS = 5000;

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

/** Validates the request: one page, exactly one address, known components. */
export function parseSubscription(
  input: SubscribeInput,
  pages: readonly StatusPageConfig[],
): { page: StatusPageConfig; kind: SubscriberKind; address: string; components: string[] | null } {
  const page = pages.find((p) => p.slug === input.page);
  if (!page) throw new TocsinError('not_found', `no status page "${input.page}"`);
  if ((input.email === undefined) === (input.webhook === undefined)) {
    throw new TocsinError('invalid_input', 'give either an email address or a webhook URL to subscribe with', { field: 'email', expected: 'email or webhook' });
  }
  const kind: SubscriberKind = input.email !== undefined ? 'email' : 'webhook';
  const address = (input.email ?? input.webhook ?? '').trim();
  if (kind === 'email' && (!EMAIL.test(address) || address.length > 254)) {
    throw new TocsinError('invalid_input', `"${address.slice(0, 100)}" is not an email address`, {
      field: 'email',
      expected: 'an address such as ana@example.org',
    });
  }
  if (kind === 'webhook' && !isWebhookUrl(address)) {
    throw new TocsinError('invalid_input', 'the webhook must be an http:// or https:// URL without a user name or password', {
      field: 'webhook',
      expected: 'https://example.org/hooks/status',
    });
  }
  const names = page.components.map((c) => c.name);
  const unknown = (input.components ?? []).filter((c) => !names.includes(c));
  if (unknown.length)
    throw new TocsinError('invalid_input', `page "${page.slug}" has no component ${unknown.map((c) => `"${c}"`).join(', ')}`, {
      field: 'components',
      expected: names.join(', '),
    });
  const components = input.components?.length ? [...new Set(input.components)] : null;
  return { page, kind, address: kind === 'email' ? address.toLowerCase() : address, components };
}

function isWebhookUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && !url.username && !url.password && text.length <= 2000;
  } catch {
    return false;
  }
}

/**
 * Queues a confirmation for a new or still unconfirmed subscriber. An address that already
 * confirmed is left as it is: the answer must not tell a stranger who is subscribed. An address
 * gets one confirmation a day at most, so subscribing a stranger's address again and again sends
 * them nothing more.
 */
export async function subscribe(ctx: SubscriptionContext, input: SubscribeInput): Promise<void> {
  const { page, kind, address, components } = parseSubscription(input, ctx.pages);
  if (kind === 'webhook') await checkWebhookTarget(address, ctx);
  await inTransaction(ctx.db, async (trx) => {
    const existing = await findSubscriber(trx, page.slug, kind, address);
    if (existing?.confirmedAt != null) return;
    if (existing && ((await messagesOf(trx, existing.id)).at(-1)?.createdAt ?? -Infinity) > ctx.now - DAY) return;
    const token = newToken();
    let subscriber: Subscriber;
    if (existing) {
      await renewSubscriber(trx, existing.id, { token, components });
      subscriber = { ...existing, token, components };
    } else {
      subscriber = { id: newToken(), page: page.slug, kind, address, components, token, confirmedAt: null, createdAt: ctx.now };
      await insertSubscriber(trx, subscriber);
    }
    const notice: SubscriberNotice = { type: 'confirm', page: { slug: page.slug, title: page.title }, components };
    await queueMessages(trx, [
      {
        id: `confirm.${subscriber.id}.${token.slice(0, 8)}`,
        subscriberId: subscriber.id,
        subject: subjectOf(notice),
        body: JSON.stringify(notice),
        createdAt: ctx.now,
      },
    ]);
  });
}

/**
 * Resolves the webhook's host and refuses it, as a 400 naming the field, unless an address is
 * allowed. Delivery checks again at every attempt and connects to the address it checked.
 */
async function checkWebhookTarget(webhook: string, ctx: SubscriptionContext): Promise<void> {
  if (!ctx.webhookTargets) return;
  const url = new URL(webhook);
  const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
  try {
    await resolveAllowed(url.hostname, port, ctx.webhookTargets, { signal: AbortSignal.timeout(RESOLVE_MS), timeoutMs: RESOLVE_MS, server: ctx.dnsServer });
  } catch (error) {
    throw new TocsinError('invalid_input', `webhook: ${describeDnsError(error, url.hostname)}`, {
      field: 'webhook',
      expected: 'an http:// or https:// URL on a public address',
    });
  }
}

/** The subscriber a confirm link names, if the link is still good. */
export async function pendingConfirmation(db: Db, token: string): Promise<Subscriber> {
  const subscriber = await subscriberByToken(db, token);
  if (!subscriber || subscriber.confirmedAt !== null) throw usedLink('confirmation');
  return subscriber;
}

export async function confirm(db: Db, token: string, now: number): Promise<Subscriber> {
  const subscriber = await pendingConfirmation(db, token);
  if (!(await confirmSubscriber(db, subscriber.id, token, { token: newToken(), at: now }))) throw usedLink('confirmation');
  return subscriber;
}

/** The subscriber an unsubscribe link names. */
export async function subscriberOfLink(db: Db, token: string): Promise<Subscriber> {
  const subscriber = await subscriberByToken(db, token);
  if (!subscriber || subscriber.confirmedAt === null) throw usedLink('unsubscribe');
  return subscriber;
}

export async function unsubscribe(db: Db, token: string): Promise<Subscriber> {
  const subscriber = await subscriberOfLink(db, token);
  await deleteSubscriber(db, subscriber.id);
  return subscriber;
}

function usedLink(what: string): TocsinError {
  return new TocsinError('not_found', `this ${what} link is not valid any more: it was already used, or the subscription was removed`);
}

type Warnings = Parameters<typeof logDamaged>[0];

/**
 * One message per confirmed subscriber the post concerns, for its newest update. Ids repeat, so queueing
 * twice sends once. A subscriber whose choice of components cannot be read is told of whole-page posts
 * only (its components read as none) and logged, rather than keeping the post from everyone else.
 */
export async function queuePostNotices(db: Db, post: Post, pages: readonly StatusPageConfig[], now: number, warnings?: Warnings): Promise<number> {
  const page = pages.find((p) => p.slug === post.page);
  const notice = postNotice(post, { slug: post.page, title: page?.title ?? post.page });
  if (!notice || notice.type !== 'post') return 0;
  const subscribers = await confirmedSubscribers(db, post.page);
  if (warnings) logDamaged(warnings, 'subscriber', subscribers);
  const targets = subscribers.filter((s) => concerns(s, post));
  await queueMessages(
    db,
    targets.map((s) => ({ id: `${notice.update.id}.${s.id}`, subscriberId: s.id, subject: subjectOf(notice), body: JSON.stringify(notice), createdAt: now })),
  );
  return targets.length;
}

/**
 * Runs one post writer (openIncident, updatePost, scheduleMaintenance) with its audit entry and its
 * subscriber messages in a single transaction; `after` runs once it committed (re-render, nudge).
 * `logger` hears of subscribers whose stored components could not be read.
 */
export async function publishPost(
  ctx: Omit<PostContext, 'onChange'> & { actor: AuditActor; action: string; after?: (post: Post) => void; logger?: Warnings },
  write: (ctx: PostContext) => Promise<Post>,
): Promise<Post> {
  const post = await inTransaction(ctx.db, async (trx) => {
    const written = await write({ db: trx, now: ctx.now, pages: ctx.pages });
    await recordAudit(trx, { actor: ctx.actor, action: ctx.action, target: `${written.kind} ${written.id}`, after: written, at: ctx.now });
    await queuePostNotices(trx, written, ctx.pages, ctx.now, ctx.logger);
    return written;
  });
  ctx.after?.(post);
  return post;
}

/**
 * Public subscription routes of status pages. Subscribing queues a confirmation (double opt-in);
 * links in mails are single-use tokens. GET only shows a button, POST acts, because mail scanners
 * and link previews open every GET. Unsubscribe POSTs also serve RFC 8058 one-click unsubscribe.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { TokenBuckets } from '../core/heartbeat/token-bucket.js';
import type { TargetPolicy } from '../core/targets/policy.js';
import { httpStatusOf, TocsinError } from '../lib/errors.js';
import type { StatusPageConfig } from '../schema/config.js';
import { confirm, pendingConfirmation, subscribe, subscriberOfLink, unsubscribe } from '../services/subscriptions.js';
import type { Db } from '../store/schema.js';
import { html, type Html } from '../lib/html.js';

export interface SubscribeRouteDeps {
  db: Db;
  now: () => number;
  pages: () => readonly StatusPageConfig[];
  /** A subscription was requested: wake the delivery so the confirmation leaves at once. */
  onQueued?: () => void;
  /** Subscriptions a client address may request: a burst, then one per `perSeconds` on average. */
  limit?: { burst: number; perSeconds: number };
  /** Where a webhook may point: subscriberTargets(…).webhooks. */
  webhookTargets: () => TargetPolicy | undefined;
  /** Tests only: resolve webhook hosts through this DNS server (`ip:port`). */
  dnsServer?: string;
}

type Params = { slug: string };
type Query = { token?: string };

export function subscribeRoutes(deps: SubscribeRouteDeps) {
  const limit = deps.limit ?? { burst: 5, perSeconds: 120 };
  const buckets = new TokenBuckets({ rate: 1 / limit.perSeconds, burst: limit.burst, maxKeys: 10_000 });
  return async function plugin(app: FastifyInstance): Promise<void> {
    // Browsers' forms and mail clients' one-click POSTs: fields are read from the query or ignored.
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 16_384 }, (_r, body, done) =>
      done(null, formFields(String(body))),
    );
    app.addContentTypeParser('multipart/form-data', { parseAs: 'string', bodyLimit: 16_384 }, (_r, _body, done) => done(null, {}));

    app.post<{ Params: Params; Body: unknown }>('/status/:slug/subscribe', async (request, reply) => {
      if (!buckets.take(request.ip, deps.now())) {
        throw new TocsinError('rate_limited', `too many subscription requests from ${request.ip}; try again in ${Math.ceil(limit.perSeconds / 60)} min`);
      }
      const body = (request.body ?? {}) as Record<string, unknown>;
      const ctx = { db: deps.db, now: deps.now(), pages: deps.pages(), webhookTargets: deps.webhookTargets(), dnsServer: deps.dnsServer };
      await subscribe(ctx, { page: request.params.slug, ...subscription(body) });
      deps.onQueued?.();
      const message =
        body.email !== undefined
          ? 'Check your inbox: open the link we sent to confirm the subscription. Nothing else is sent until you do.'
          : 'We sent a subscription.confirm POST to the webhook: open its confirm_url to start receiving posts.';
      if (isForm(request)) return page(reply.status(202), 'Check your inbox', html`<p>${message}</p>`);
      return reply.status(202).send({ status: 'pending', message });
    });

    // People arrive from a mail or a page's form: they get a page that says what went wrong, not JSON.
    app.setErrorHandler((error, request, reply) => {
      const subscribing = request.routeOptions.url === '/status/:slug/subscribe';
      if (!(error instanceof TocsinError) || (subscribing && !isForm(request))) throw error;
      return page(reply.status(httpStatusOf(error.code)), subscribing ? 'Not subscribed' : 'This link does not work', html`<p>${error.message}</p>`);
    });

    app.get<{ Params: Params; Querystring: Query }>('/status/:slug/subscribe/confirm', async (request, reply) => {
      const subscriber = await pendingConfirmation(deps.db, tokenOf(request));
      const what = subscriber.components ? `posts about ${subscriber.components.join(', ')}` : 'incident and maintenance posts';
      return page(
        reply,
        'Confirm your subscription',
        html`<p>Send ${what} on <b>${titleOf(deps, request)}</b> status to <b>${subscriber.address}</b>?</p>${button('Confirm subscription')}`,
      );
    });

    app.post<{ Params: Params; Querystring: Query }>('/status/:slug/subscribe/confirm', async (request, reply) => {
      const subscriber = await confirm(deps.db, tokenOf(request), deps.now());
      return page(
        reply,
        'Subscribed',
        html`<p>${subscriber.address} will hear about new incidents and maintenance on <a href="../../${request.params.slug}">${titleOf(deps, request)} status</a>. Every message has a one-click unsubscribe link.</p>`,
      );
    });

    app.get<{ Params: Params; Querystring: Query }>('/status/:slug/unsubscribe', async (request, reply) => {
      const subscriber = await subscriberOfLink(deps.db, tokenOf(request));
      return page(
        reply,
        'Unsubscribe',
        html`<p>Stop sending ${titleOf(deps, request)} status posts to <b>${subscriber.address}</b>?</p>${button('Unsubscribe')}`,
      );
    });

    app.post<{ Params: Params; Querystring: Query }>('/status/:slug/unsubscribe', async (request, reply) => {
      const subscriber = await unsubscribe(deps.db, tokenOf(request));
      return page(reply, 'Unsubscribed', html`<p>${subscriber.address} will get no more messages from ${titleOf(deps, request)} status.</p>`);
    });
  };
}

function isForm(request: FastifyRequest): boolean {
  return (request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
}

function formFields(body: string): Record<string, unknown> {
  const form = new URLSearchParams(body);
  const fields: Record<string, unknown> = Object.fromEntries(form);
  if (form.has('components')) fields.components = form.getAll('components');
  return fields;
}

/** The fields the subscribe service reads, refusing anything of the wrong shape. */
function subscription(body: Record<string, unknown>): { email?: string; webhook?: string; components?: string[] } {
  const text = (key: string) => {
    const value = body[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'string') throw new TocsinError('invalid_input', `${key} must be text`, { field: key });
    return value;
  };
  const components = body.components;
  if (components !== undefined && !(Array.isArray(components) && components.every((c) => typeof c === 'string'))) {
    throw new TocsinError('invalid_input', 'components must be a list of component names', { field: 'components' });
  }
  const email = text('email');
  const webhook = text('webhook');
  return { ...(email !== undefined ? { email } : {}), ...(webhook !== undefined ? { webhook } : {}), ...(components ? { components: components } : {}) };
}

function tokenOf(request: FastifyRequest<{ Querystring: Query }>): string {
  const token = request.query.token;
  if (typeof token !== 'string' || !/^[A-Za-z0-9_-]{16,64}$/.test(token))
    throw new TocsinError('invalid_input', 'the link is incomplete: copy the whole address from the message', { field: 'token' });
  return token;
}

function titleOf(deps: SubscribeRouteDeps, request: FastifyRequest<{ Params: Params }>): string {
  return deps.pages().find((p) => p.slug === request.params.slug)?.title ?? request.params.slug;
}

/** The form posts back to the same URL, token included. */
function button(label: string): Html {
  return html`<form method="post"><button type="submit">${label}</button></form>`;
}

function page(reply: FastifyReply, title: string, body: Html): FastifyReply {
  return reply
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'no-referrer')
    .send(
      html`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="color-scheme" content="light dark"><title>${title}</title><link rel="stylesheet" href="/status-assets/status.css"></head><body><main><h1>${title}</h1>${body}</main></body></html>`
        .text,
    );
}

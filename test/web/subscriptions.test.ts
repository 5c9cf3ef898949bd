/**
 * Status page subscriptions end to end: subscribe, double opt-in, posts and updates delivered to a
 * real SMTP server and a real webhook receiver, retries, one-click unsubscribe, the rate limit.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import type { Actor } from '../../src/api/auth/access.js';
import { registerIncidentRoutes } from '../../src/api/routes/incidents.js';
import { subscribeRoutes } from '../../src/api/subscribe-routes.js';
import { SubscriberDelivery } from '../../src/engine/subscriber-delivery.js';
import { silentLogger } from '../../src/lib/logger.js';
import type { StatusPageConfig } from '../../src/schema/config.js';
import { subscriberTargets } from '../../src/services/subscriptions.js';
import type { Post } from '../../src/store/incidents.js';
import { migrate } from '../../src/store/migrate.js';
import type { Store } from '../../src/store/open.js';
import { sqliteStore } from '../store/dialects.js';

const PAGES: StatusPageConfig[] = [
  {
    slug: 'public',
    title: 'Example CI',
    components: [
      { name: 'Mirrors', monitors: ['m'] },
      { name: 'Docs', monitors: ['d'] },
    ],
  },
];
const EDITOR: Actor = { kind: 'token', id: 't', label: 'token ops', role: 'editor', scope: 'write', viaCookie: false };
const BASE = 'https://status.example.org';
/** The receivers here are on 127.0.0.1, which public webhooks may not reach unless the owner allows it. */
const OPEN = subscriberTargets({ subscriptions: { allow_private_webhooks: true } });

interface Mail {
  to: string[];
  raw: string;
}

let store: Store;
let cleanup: () => Promise<void>;
let app: FastifyInstance;
let smtp: SMTPServer;
let receiver: Server;
let receiverUrl = '';
const mails: Mail[] = [];
const hooks: Record<string, unknown>[] = [];
let receiverFailures = 0;
const clock = { t: Date.UTC(2026, 4, 12, 14, 30), now: () => clock.t };
let delivery: SubscriberDelivery;

beforeAll(async () => {
  ({ store, cleanup } = await sqliteStore());
  await migrate(store.db);
  smtp = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    onData: (stream, session, callback) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  receiver = createServer((request, response) => {
    let body = '';
    request.on('data', (c) => (body += c));
    request.on('end', () => {
      if (receiverFailures > 0) {
        receiverFailures--;
        return response.writeHead(503).end('busy');
      }
      hooks.push(JSON.parse(body) as Record<string, unknown>);
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/status`;
  const smtpPort = (smtp.server.address() as AddressInfo).port;
  delivery = new SubscriberDelivery({
    db: store.db,
    clock,
    logger: silentLogger(),
    baseUrl: () => BASE,
    timeoutMs: 5000,
    targets: () => OPEN,
    channels: () => ({ ops: { type: 'email', smtp: `smtp://127.0.0.1:${smtpPort}`, from: 'status@example.org', to: ['ops@example.org'] } }),
  });
  app = buildApp({ logger: silentLogger(), health: () => ({ healthy: true, checks: [] }) });
  app.addHook('onRequest', async (request) => {
    if (request.headers['x-test-editor']) request.actor = EDITOR;
  });
  await app.register(
    subscribeRoutes({ db: store.db, now: clock.now, pages: () => PAGES, limit: { burst: 4, perSeconds: 600 }, webhookTargets: () => OPEN.webhooks }),
  );
  registerIncidentRoutes(app, { db: store.db, now: clock.now, pages: () => PAGES });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  await new Promise((resolve) => receiver.close(resolve));
  await store.close();
  await cleanup();
});

const headers = (raw: string) => raw.slice(0, raw.indexOf('\r\n\r\n')).replace(/\r\n[ \t]+/g, ' ');
const textPart = (raw: string) => raw.replace(/=\r\n/g, '').replace(/=3D/g, '=');
const pathOf = (url: string) => url.slice(BASE.length);
const linkIn = (raw: string, kind: 'subscribe/confirm' | 'unsubscribe') =>
  pathOf(new RegExp(`${BASE}/status/public/${kind}\\?token=[A-Za-z0-9_-]+`).exec(textPart(raw))?.[0] ?? '');

function subscribe(payload: object, ip = '192.0.2.1') {
  return app.inject({ method: 'POST', url: '/status/public/subscribe', payload, remoteAddress: ip });
}

async function post(url: string, payload: object): Promise<Post> {
  const response = await app.inject({ method: 'POST', url, payload, headers: { 'x-test-editor': '1' } });
  expect(response.statusCode).toBe(201);
  return response.json() as Post;
}

describe('email subscriptions', () => {
  let confirmPath = '';
  let incident: Post;

  it('answers a subscription with 202 and mails only a confirmation link', async () => {
    const response = await subscribe({ email: 'Ana@Example.org', components: ['Mirrors'] });
    expect(response.statusCode).toBe(202);
    expect(response.json()).toEqual({
      status: 'pending',
      message: 'Check your inbox: open the link we sent to confirm the subscription. Nothing else is sent until you do.',
    });
    await delivery.runOnce();
    expect(mails).toHaveLength(1);
    expect(mails[0]?.to).toEqual(['ana@example.org']);
    expect(headers(mails[0]!.raw)).toContain('Subject: Confirm your subscription to Example CI status');
    expect(headers(mails[0]!.raw)).not.toContain('List-Unsubscribe');
    expect(headers(mails[0]!.raw)).toContain('Auto-Submitted: auto-generated');
    confirmPath = linkIn(mails[0]!.raw, 'subscribe/confirm');
    expect(confirmPath).toMatch(/^\/status\/public\/subscribe\/confirm\?token=/);
  });

  it('sends nothing about posts before the address is confirmed', async () => {
    incident = await post('/api/v1/status-pages/public/incidents', {
      title: 'Mirrors slow',
      body: 'Downloads time out.',
      impact: 'major',
      components: ['Mirrors'],
    });
    await delivery.runOnce();
    expect(mails).toHaveLength(1);
  });

  it('shows a button on GET and confirms only on POST, once', async () => {
    const shown = await app.inject({ method: 'GET', url: confirmPath });
    expect(shown.statusCode).toBe(200);
    expect(shown.body).toContain('<form method="post"><button type="submit">Confirm subscription</button></form>');
    expect(shown.body).toContain('posts about Mirrors on <b>Example CI</b> status to <b>ana@example.org</b>');
    const confirmed = await app.inject({ method: 'POST', url: confirmPath });
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.body).toContain('ana@example.org will hear about new incidents');
    const again = await app.inject({ method: 'POST', url: confirmPath });
    expect(again.statusCode).toBe(404);
    expect(again.headers['content-type']).toContain('text/html');
    expect(again.body).toContain('this confirmation link is not valid any more');
  });

  it('mails updates of posts on the chosen components, with a one-click unsubscribe header', async () => {
    await post(`/api/v1/incidents/${incident.id}/updates`, { status: 'identified', body: 'A **full disk** on mirror A.' });
    await post('/api/v1/status-pages/public/incidents', { title: 'Docs stale', body: 'Old pages.', components: ['Docs'] });
    await delivery.runOnce();
    expect(mails).toHaveLength(2);
    const head = headers(mails[1]!.raw);
    expect(head).toContain('Subject: [Example CI status] Mirrors slow: Identified');
    expect(head).toMatch(/List-Unsubscribe: <https:\/\/status\.example\.org\/status\/public\/unsubscribe\?token=[A-Za-z0-9_-]+>/);
    expect(head).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(head).toContain('Auto-Submitted: auto-generated');
    expect(head).toMatch(new RegExp(`In-Reply-To: <${incident.id}@`));
    expect(textPart(mails[1]!.raw)).toContain('A full disk on mirror A.');
    await delivery.runOnce();
    expect(mails).toHaveLength(2);
  });

  it('does not reveal or change a confirmed subscription when someone subscribes it again', async () => {
    const response = await subscribe({ email: 'ana@example.org' });
    expect(response.statusCode).toBe(202);
    await delivery.runOnce();
    expect(mails).toHaveLength(2);
  });

  it('unsubscribes with the mail client one-click POST, after which nothing more is sent', async () => {
    const unsubscribePath = linkIn(mails[1]!.raw, 'unsubscribe');
    expect((await app.inject({ method: 'GET', url: unsubscribePath })).body).toContain('<button type="submit">Unsubscribe</button>');
    const done = await app.inject({
      method: 'POST',
      url: unsubscribePath,
      payload: 'List-Unsubscribe=One-Click',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('ana@example.org will get no more messages from Example CI status.');
    await post(`/api/v1/incidents/${incident.id}/updates`, { status: 'resolved', body: 'Fixed.' });
    await delivery.runOnce();
    expect(mails).toHaveLength(2);
  });
});

describe('webhook subscriptions', () => {
  it('confirms through the confirm_url POSTed to the webhook, then delivers posts as JSON, retrying a 503', async () => {
    expect((await subscribe({ webhook: receiverUrl }, '192.0.2.2')).statusCode).toBe(202);
    await delivery.runOnce();
    expect(hooks).toHaveLength(1);
    expect(hooks[0]).toMatchObject({
      event: 'subscription.confirm',
      page: { slug: 'public', title: 'Example CI', url: `${BASE}/status/public` },
      components: null,
    });
    expect((await app.inject({ method: 'POST', url: pathOf(String(hooks[0]!.confirm_url)) })).statusCode).toBe(200);

    receiverFailures = 1;
    const maintenance = await post('/api/v1/status-pages/public/maintenance', {
      title: 'DB upgrade',
      body: 'An hour.',
      starts_at: '2026-05-20T02:00:00Z',
      ends_at: '2026-05-20T03:00:00Z',
    });
    await delivery.runOnce();
    expect(hooks).toHaveLength(1);
    await delivery.runOnce();
    expect(hooks).toHaveLength(1);
    clock.t += 10_000;
    await delivery.runOnce();
    expect(hooks).toHaveLength(2);
    expect(hooks[1]).toMatchObject({
      event: 'maintenance.scheduled',
      incident: {
        id: maintenance.id,
        kind: 'maintenance',
        title: 'DB upgrade',
        status: 'scheduled',
        starts_at: '2026-05-20T02:00:00.000Z',
        ends_at: '2026-05-20T03:00:00.000Z',
        url: `${BASE}/status/public#p-${maintenance.id}`,
      },
      update: { status: 'scheduled', body: 'An hour.' },
    });
    expect(String(hooks[1]!.unsubscribe_url)).toMatch(/^https:\/\/status\.example\.org\/status\/public\/unsubscribe\?token=/);
  });
});

describe('subscribe input', () => {
  const refusals: [string, object, RegExp][] = [
    ['neither email nor webhook', {}, /give either an email address or a webhook URL/],
    ['both email and webhook', { email: 'a@example.org', webhook: 'https://example.org/h' }, /give either/],
    ['a malformed email', { email: 'not-an-address' }, /"not-an-address" is not an email address/],
    ['a webhook with credentials', { webhook: 'https://user:pw@example.org/h' }, /without a user name or password/],
    ['an unknown component', { email: 'b@example.org', components: ['Wiki'] }, /page "public" has no component "Wiki"/],
  ];
  refusals.forEach(([what, payload, message], i) => {
    it(`refuses ${what} with 400`, async () => {
      const response = await subscribe(payload, `198.51.100.${i + 1}`);
      expect(response.statusCode).toBe(400);
      expect((response.json() as { error: string }).error).toMatch(message);
    });
  });

  it('answers a plain HTML form with pages, not JSON', async () => {
    const form = (body: string, ip: string) =>
      app.inject({
        method: 'POST',
        url: '/status/public/subscribe',
        payload: body,
        remoteAddress: ip,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
    const ok = await form('email=eve%40example.org&components=Mirrors&components=Docs', '198.51.100.20');
    expect(ok.statusCode).toBe(202);
    expect(ok.headers['content-type']).toContain('text/html');
    expect(ok.body).toContain('<h1>Check your inbox</h1>');
    const bad = await form('email=nope', '198.51.100.21');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('<h1>Not subscribed</h1><p>&quot;nope&quot; is not an email address</p>');
  });

  it('answers 404 for a page that does not exist', async () => {
    expect(
      (await app.inject({ method: 'POST', url: '/status/nope/subscribe', payload: { email: 'a@example.org' }, remoteAddress: '203.0.113.9' })).statusCode,
    ).toBe(404);
  });

  it('limits subscription requests per client address', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) codes.push((await subscribe({ email: `c${i}@example.org` }, '203.0.113.50')).statusCode);
    expect(codes).toEqual([202, 202, 202, 202, 429]);
    expect((await subscribe({ email: 'd@example.org' }, '203.0.113.50')).json()).toEqual({
      error: 'too many subscription requests from 203.0.113.50; try again in 10 min',
    });
    expect((await subscribe({ email: 'd@example.org' }, '203.0.113.51')).statusCode).toBe(202);
  });
});

/**
 * A visitor of a public status page cannot make tocsin reach inside its own network: a webhook on
 * a loopback, private, link-local or metadata address is refused when subscribing and again at
 * every delivery, after resolving the name (through a real local DNS server), and the connection
 * goes to the very address that was checked. A receiver on 127.0.0.1 proves what arrives.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import { subscribeRoutes } from '../../src/api/subscribe-routes.js';
import { startReceiver, type Receiver } from '../../src/channels/testing/receiver.js';
import { SubscriberDelivery } from '../../src/engine/subscriber-delivery.js';
import { silentLogger } from '../../src/lib/logger.js';
import type { StatusPageConfig } from '../../src/schema/config.js';
import { subscriberTargets, type SubscriberTargetSettings } from '../../src/services/subscriptions.js';
import { migrate } from '../../src/store/migrate.js';
import type { Store } from '../../src/store/open.js';
import { startDnsServer, type DnsServer } from '../helpers/dns-server.js';
import { sqliteStore } from '../store/dialects.js';

const PAGES: StatusPageConfig[] = [{ slug: 'public', title: 'Example CI', components: [{ name: 'Mirrors', monitors: ['m'] }] }];
const HOUR = 3_600_000;

let store: Store;
let cleanup: () => Promise<void>;
let receiver: Receiver;
let port = 0;
let dns: DnsServer;
/** Names the local DNS server answers; a test may change an answer in place (DNS rebinding). */
const zone: Record<string, { A: string[] }> = {
  'hook.example.test': { A: ['203.0.113.10'] },
  'inside.example.test': { A: ['127.0.0.1'] },
  'flaky.example.test': { A: ['127.0.0.1'] },
};
const clock = { t: Date.UTC(2026, 4, 12, 14, 30), now: () => clock.t };
let ip = 0;

beforeAll(async () => {
  ({ store, cleanup } = await sqliteStore());
  await migrate(store.db);
  receiver = await startReceiver((request) => (request.path.startsWith('/flaky') ? { status: 503, body: 'busy' } : { status: 204 }));
  port = Number(new URL(receiver.url).port);
  dns = await startDnsServer({ mode: 'answer', records: zone });
});
afterAll(async () => {
  await receiver.close();
  await dns.close();
  await store.close();
  await cleanup();
});

interface Rig {
  app: FastifyInstance;
  delivery: SubscriberDelivery;
}
let rig: Rig | undefined;
afterEach(async () => {
  await rig?.app.close();
  rig = undefined;
});

/** Subscribe routes and delivery as tocsin wires them, with `settings` as the server section. */
async function start(settings: SubscriberTargetSettings = {}): Promise<Rig> {
  const targets = () => subscriberTargets(settings);
  const app = buildApp({ logger: silentLogger(), health: () => ({ healthy: true, checks: [] }) });
  await app.register(subscribeRoutes({ db: store.db, now: clock.now, pages: () => PAGES, webhookTargets: () => targets().webhooks, dnsServer: dns.address }));
  await app.ready();
  const delivery = new SubscriberDelivery({
    db: store.db,
    clock,
    logger: silentLogger(),
    baseUrl: () => 'https://status.example.org',
    timeoutMs: 3000,
    channels: () => ({}),
    targets,
    dnsServer: dns.address,
  });
  rig = { app, delivery };
  return rig;
}

function subscribe(app: FastifyInstance, webhook: string) {
  ip += 1;
  return app.inject({ method: 'POST', url: '/status/public/subscribe', payload: { webhook }, remoteAddress: `198.51.100.${ip}` });
}

const subscribers = async () =>
  (await store.db.withTables<{ subscribers: { address: string } }>().selectFrom('subscribers').select('address').execute()).map((r) => r.address);

describe('webhook subscriptions by default', () => {
  it('refuses the loopback admin URL of the report with a 400 naming the field, stores nothing and never POSTs to it', async () => {
    const { app, delivery } = await start();
    const url = `http://127.0.0.1:${port}/internal/admin/delete-everything?confirm=yes`;
    const answer = await subscribe(app, url);
    expect(answer.statusCode).toBe(400);
    expect(answer.json()).toMatchObject({
      error: `webhook: 127.0.0.1:${port} is a loopback address (127.0.0.0/8); status page webhooks must reach a public address`,
      field: 'webhook',
    });
    await delivery.runOnce();
    clock.t += 2 * HOUR;
    await delivery.runOnce();
    expect(receiver.requests).toEqual([]);
    expect(await subscribers()).not.toContain(url);
  });

  const refused: [string, string, RegExp][] = [
    ['IPv6 loopback', 'http://[::1]:PORT/h', /\[::1\]:\d+ is a loopback address \(::1\/128\)/],
    ['an IPv4-mapped IPv6 loopback', 'http://[::ffff:127.0.0.1]/h', /a loopback address \(127\.0\.0\.0\/8\)/],
    ['a decimal spelling of 127.0.0.1', 'http://2130706433/h', /127\.0\.0\.1:80 is a loopback address/],
    ['an RFC 1918 address', 'http://10.1.2.3/h', /10\.1\.2\.3:80 is a private address \(10\.0\.0\.0\/8\)/],
    ['a unique local IPv6 address', 'https://[fd00::5]/h', /\[fd00::5\]:443 is a private address \(fc00::\/7\)/],
    ['the cloud metadata address', 'http://169.254.169.254/latest/meta-data/', /169\.254\.169\.254:80 is a link-local address \(169\.254\.0\.0\/16\)/],
    ['an IPv6 link-local address', 'http://[fe80::1]/h', /a link-local address \(fe80::\/10\)/],
    ['a carrier-grade NAT address', 'http://100.100.100.200/h', /a shared \(carrier-grade NAT\) address \(100\.64\.0\.0\/10\)/],
    ['a multicast address', 'http://224.0.0.251/h', /a multicast address \(224\.0\.0\.0\/4\)/],
    ['the unspecified address', 'http://0.0.0.0/h', /0\.0\.0\.0:80 is an unspecified/],
  ];
  it.each(refused)('refuses %s', async (_what, url, message) => {
    const { app } = await start();
    const answer = await subscribe(app, url.replace('PORT', String(port)));
    expect(answer.statusCode).toBe(400);
    expect(answer.json()).toMatchObject({ error: expect.stringMatching(message), field: 'webhook' });
  });

  it('resolves the host first: a public-looking name that points to 127.0.0.1 is refused', async () => {
    const { app, delivery } = await start();
    const answer = await subscribe(app, `http://inside.example.test:${port}/hook`);
    expect(answer.statusCode).toBe(400);
    expect(answer.json()).toMatchObject({ error: expect.stringContaining(`127.0.0.1:${port} (inside.example.test) is a loopback address`), field: 'webhook' });
    await delivery.runOnce();
    expect(receiver.requests).toEqual([]);
  });

  it('checks again at delivery, so a name rebound to 127.0.0.1 after subscribing is never reached nor retried', async () => {
    const { app, delivery } = await start();
    zone['hook.example.test']!.A = ['203.0.113.10'];
    expect((await subscribe(app, `http://hook.example.test:${port}/rebound`)).statusCode).toBe(202);
    zone['hook.example.test']!.A = ['127.0.0.1'];
    const queriesBefore = dns.queries;
    await delivery.runOnce();
    expect(dns.queries).toBeGreaterThan(queriesBefore);
    const queriesAfterFirst = dns.queries;
    clock.t += 2 * HOUR;
    await delivery.runOnce();
    expect(receiver.requests).toEqual([]);
    expect(dns.queries).toBe(queriesAfterFirst);
  });
});

describe('webhook subscriptions with allow_private_webhooks', () => {
  it('delivers to a private receiver, connecting to the address it resolved and checked', async () => {
    const { app, delivery } = await start({ subscriptions: { allow_private_webhooks: true } });
    receiver.requests.length = 0;
    expect((await subscribe(app, `http://inside.example.test:${port}/hook`)).statusCode).toBe(202);
    await delivery.runOnce();
    // The system resolver does not know inside.example.test: the request could only arrive through the pinned address.
    expect(receiver.requests.map((r) => [r.path, r.headers.host])).toEqual([['/hook', `inside.example.test:${port}`]]);
    expect(JSON.parse(receiver.requests[0]!.body.toString('utf8'))).toMatchObject({ event: 'subscription.confirm' });
  });

  it('still applies server.probe_targets to webhooks', async () => {
    const { app } = await start({ subscriptions: { allow_private_webhooks: true }, probe_targets: { allow: [], deny: ['127.0.0.0/8'] } });
    const answer = await subscribe(app, `http://127.0.0.1:${port}/hook`);
    expect(answer.statusCode).toBe(400);
    expect(answer.json()).toMatchObject({ error: `webhook: 127.0.0.1:${port} is not allowed by server.probe_targets (deny 127.0.0.0/8)`, field: 'webhook' });
  });

  it('sends an unconfirmed webhook exactly one confirmation: a failure is not retried and subscribing again within a day sends nothing', async () => {
    const { app, delivery } = await start({ subscriptions: { allow_private_webhooks: true } });
    receiver.requests.length = 0;
    const url = `http://flaky.example.test:${port}/flaky`;
    expect((await subscribe(app, url)).statusCode).toBe(202);
    await delivery.runOnce();
    expect(receiver.requests).toHaveLength(1);
    clock.t += HOUR;
    await delivery.runOnce();
    expect((await subscribe(app, url)).statusCode).toBe(202);
    await delivery.runOnce();
    clock.t += 10 * HOUR;
    await delivery.runOnce();
    expect(receiver.requests).toHaveLength(1);
    clock.t += 24 * HOUR;
    expect((await subscribe(app, url)).statusCode).toBe(202);
    await delivery.runOnce();
    expect(receiver.requests).toHaveLength(2);
  });
});

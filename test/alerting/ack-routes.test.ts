import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { ackRoutes } from '../../src/api/ack.js';
import { signToken } from '../../src/core/ack-token.js';
import { ackLinks } from '../../src/services/ack-links.js';
import { configOf, rig, SECRET, type Rig } from './helpers.js';

const config = configOf({
  defaults: { alert: { down_after: 1 }, escalation: 'oncall' },
  channels: { hook: { type: 'webhook', url: 'http://127.0.0.1:9/hook' }, pager: { type: 'webhook', url: 'http://127.0.0.1:9/pager' } },
  escalations: { oncall: [{ notify: ['hook'] }, { after: '10m', notify: ['pager'] }] },
  monitors: [{ id: 'web', name: 'Update center', type: 'http', url: 'https://web.example.org/' }],
});

let r: Rig | undefined;
let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  await r?.close();
});

async function setUp(): Promise<{ r: Rig; app: FastifyInstance; link: string }> {
  r = await rig(config);
  await r.result('web', 'down', 'HTTP 503 from GET https://web.example.org/, expected 200');
  const link = (await r.sent())[0]!.n.ack_url!;
  const current = r;
  app = Fastify();
  await app.register(
    ackRoutes,
    ackLinks({
      db: current.store.db,
      clock: current.clock,
      secret: SECRET,
      monitor: (id) => current.alerting.ackTarget(id),
      applyNow: async (now) => {
        await current.alerting.acks.applyNow(now);
      },
      waitMs: 2000,
    }),
  );
  return { r: current, app, link: new URL(link).pathname };
}

describe('acknowledge links', () => {
  it('shows a confirmation page with a POST button on GET, and acknowledges nothing', async () => {
    const { r, app, link } = await setUp();
    const page = await app.inject({ method: 'GET', url: link });
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.body).toContain('<form method="post">');
    expect(page.body).toContain('Update center');
    expect(page.body).toContain('DOWN');
    expect(r.alerting.stateOf('web')?.acknowledged).toBeNull();
  });

  it('acknowledges on POST, once: the same link used again gets a clear 410 page', async () => {
    const { r, app, link } = await setUp();
    const done = await app.inject({ method: 'POST', url: link, payload: 'by=Ana', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('Update center acknowledged by Ana');
    expect(r.alerting.stateOf('web')?.acknowledged).toMatchObject({ by: 'Ana' });
    expect((await r.sent()).map((s) => [s.event, s.n.acknowledged_by])).toEqual([
      ['monitor.down', undefined],
      ['monitor.acknowledged', 'Ana'],
    ]);

    const again = await app.inject({ method: 'POST', url: link, payload: 'by=Bob', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(again.statusCode).toBe(410);
    expect(again.body).toContain('This link was used already');
    expect(again.body).toContain('Ana used it');
    expect((await app.inject({ method: 'GET', url: link })).statusCode).toBe(410);
  });

  it('answers JSON to a client that asks for it', async () => {
    const { app, link } = await setUp();
    const done = await app.inject({ method: 'POST', url: link, headers: { accept: 'application/json' } });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({
      monitor: { id: 'web' },
      status: 'down',
      outcome: 'acknowledged',
      acknowledged_by: 'someone, with the acknowledge link',
    });
  });

  it.each([
    [
      'an expired link',
      () => signToken(SECRET, { purpose: 'ack', monitorId: 'web', episode: 1, expiresAt: r!.clock.now() - 1000, id: 'old' }),
      410,
      'This link has expired',
    ],
    [
      'a link signed elsewhere',
      () => signToken('another secret', { purpose: 'ack', monitorId: 'web', episode: 1, expiresAt: r!.clock.now() + 60_000, id: 'x' }),
      403,
      'This link is not valid',
    ],
    [
      'a link made for another purpose',
      () => signToken(SECRET, { purpose: 'unsubscribe', monitorId: 'web', episode: 1, expiresAt: r!.clock.now() + 60_000, id: 'y' }),
      400,
      'This is not an acknowledge link',
    ],
    ['a cut-off link', () => 'eyJhIjoxfQ', 400, 'This link is incomplete'],
    [
      'a link to a monitor no longer checked',
      () => signToken(SECRET, { purpose: 'ack', monitorId: 'gone', episode: 1, expiresAt: r!.clock.now() + 60_000, id: 'z' }),
      404,
      'Unknown monitor',
    ],
  ])('refuses %s with a page that says why', async (_title, token, status, title) => {
    const { r, app } = await setUp();
    for (const method of ['GET', 'POST'] as const) {
      const answer = await app.inject({ method, url: `/ack/${token()}` });
      expect(answer.statusCode).toBe(status);
      expect(answer.body).toContain(title);
    }
    expect(r.alerting.stateOf('web')?.acknowledged).toBeNull();
  });
});

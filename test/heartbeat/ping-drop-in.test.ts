/**
 * Where tocsin's ping API must answer exactly as Healthchecks does, so cron jobs move over unchanged:
 * the trailing slash, 404 before 400, resuming a paused check, and the client address behind a proxy.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import { registerPingRoutes } from '../../src/api/ping.js';
import { silentLogger } from '../../src/lib/logger.js';
import { recentHeartbeatRuns } from '../../src/store/heartbeats.js';
import { heartbeat, heartbeatFixture, type Fixture } from './fixture.js';

const U = '5bf66975-d4c7-4bf5-bcc8-b8d8a82ea278';
const M = '6bf66975-d4c7-4bf5-bcc8-b8d8a82ea278';
const UNKNOWN = '7bf66975-d4c7-4bf5-bcc8-b8d8a82ea278';

let f: Fixture | undefined;
afterEach(async () => {
  await f?.close();
  f = undefined;
});

const monitors = (pausedU: boolean) => [
  heartbeat('backup', { uuid: U, period: '1d' }, { paused: pausedU }),
  heartbeat('manual', { uuid: M, period: '1d', manual_resume: true }, { paused: true }),
];

async function fixture(): Promise<{ fx: Fixture; resumed: string[] }> {
  const resumed: string[] = [];
  const fx = await heartbeatFixture(monitors(true), {
    // Stands in for the API writer: unpauses the monitor and re-applies the monitors, as a reload does.
    resume: async (id) => {
      resumed.push(id);
      await fx.evaluator.setMonitors(monitors(false));
      return true;
    },
  });
  f = fx;
  return { fx, resumed };
}

describe('the Healthchecks drop-in', () => {
  it('takes /ping/<uuid>/ with a trailing slash as a success, so curl -f jobs keep working', async () => {
    const { fx } = await fixture();
    for (const method of ['GET', 'HEAD', 'POST'] as const) {
      const r = await fx.app.inject({ method, url: `/ping/${M}/` });
      expect([method, r.statusCode]).toEqual([method, 200]);
    }
    expect((await recentHeartbeatRuns(fx.store.db, 'manual', 10)).map((row) => row.kind)).toEqual(['success', 'success', 'success']);
  });

  it('answers 404 for slug URLs with a trailing slash and for action URLs with one, as Healthchecks routes them', async () => {
    const { fx } = await fixture();
    for (const url of [`/ping/${M}/start/`, '/ping/key-12345678/manual/', `/ping/${M}/fail/x`]) {
      const r = await fx.app.inject({ method: 'GET', url });
      expect([url, r.statusCode, r.body]).toEqual([url, 404, 'not found']);
    }
  });

  it('answers 404 for an unknown check even when its exit status or run id is also wrong', async () => {
    const { fx } = await fixture();
    for (const url of [`/ping/${UNKNOWN}/256`, `/ping/${UNKNOWN}/start?rid=nope`, '/ping/not-a-uuid', '/ping/5bf66975d4c74bf5bcc8b8d8a82ea278']) {
      const r = await fx.app.inject({ method: 'GET', url });
      expect([url, r.statusCode, r.body]).toEqual([url, 404, 'not found']);
    }
  });

  it('answers 400 for a known check with an exit status above 255, and records nothing', async () => {
    const { fx } = await fixture();
    const r = await fx.app.inject({ method: 'GET', url: `/ping/${M}/256` });
    expect([r.statusCode, r.body]).toEqual([400, 'invalid url format']);
    expect(await recentHeartbeatRuns(fx.store.db, 'manual', 10)).toHaveLength(0);
  });

  it('resumes a paused heartbeat on a ping and judges that ping', async () => {
    const { fx, resumed } = await fixture();
    expect((await fx.app.inject({ method: 'GET', url: `/ping/${U}` })).statusCode).toBe(200);
    expect(resumed).toEqual(['backup']);
    expect(fx.evaluator.pauseOf('backup').paused).toBe(false);
    expect(fx.results.map((r) => [r.monitorId, r.result.status])).toEqual([['backup', 'up']]);
  });

  it('keeps a heartbeat with manual_resume paused, while still keeping its pings', async () => {
    const { fx, resumed } = await fixture();
    expect((await fx.app.inject({ method: 'GET', url: `/ping/${M}/fail` })).statusCode).toBe(200);
    expect(resumed).toEqual([]);
    expect(fx.evaluator.pauseOf('manual')).toEqual({ paused: true, manualResume: true });
    expect(await recentHeartbeatRuns(fx.store.db, 'manual', 10)).toHaveLength(1);
    expect(fx.results).toHaveLength(0);
  });
});

describe('behind a reverse proxy (server.trust_proxy)', () => {
  async function proxied(trustProxy: string[]) {
    const fx = await heartbeatFixture([heartbeat('backup', { uuid: U, period: '1d' })]);
    f = fx;
    const app = buildApp({ logger: silentLogger(), health: () => ({ healthy: true, checks: [] }), trustProxy });
    registerPingRoutes(app, {
      sink: fx.evaluator,
      clock: fx.clock,
      pingKey: () => undefined,
      autoCreate: () => false,
      autoCreateLimit: () => 0,
      create: () => Promise.reject(new Error('pings create no monitors here')),
    });
    await app.ready();
    return { fx, app };
  }

  it('records the client named by X-Forwarded-For when the request comes from a trusted proxy CIDR', async () => {
    const { fx, app } = await proxied(['127.0.0.0/8']);
    await app.inject({ method: 'GET', url: `/ping/${U}`, remoteAddress: '127.0.0.1', headers: { 'x-forwarded-for': '203.0.113.7' } });
    await app.close();
    expect((await recentHeartbeatRuns(fx.store.db, 'backup', 10))[0]).toMatchObject({ remote_addr: '203.0.113.7' });
  });

  it('records the connecting address, not the header, when the sender is not a trusted proxy', async () => {
    const { fx, app } = await proxied(['10.0.0.0/8']);
    await app.inject({ method: 'GET', url: `/ping/${U}`, remoteAddress: '127.0.0.1', headers: { 'x-forwarded-for': '203.0.113.7' } });
    await app.close();
    expect((await recentHeartbeatRuns(fx.store.db, 'backup', 10))[0]).toMatchObject({ remote_addr: '127.0.0.1' });
  });
});

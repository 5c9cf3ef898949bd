/** A monitor's heartbeat runs and its notifications, through a real tocsin: real pings, real outbox rows. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../../src/channels/testing/receiver.js';
import { eventually, startTarget, webhooks, type Target } from '../alerting/live.js';
import { startApi, type ApiHarness } from './harness.js';

const UUID = '0d6f3c52-6b8e-4f1a-9c3e-2a7b9d1e4f60';
/** A path token as chat webhooks carry: the error must never show it. */
const TOKEN = 'T0KEN0123456789abcdefXYZ';

let api: ApiHarness;
let target: Target;
let leaky: Receiver;

beforeAll(async () => {
  target = await startTarget(503);
  // Answers 500 and echoes the path it was sent to, as careless receivers do.
  leaky = await startReceiver((request) => ({ status: 500, body: `no hook at ${request.path}` }));
  api = await startApi((receiver) => ({
    channels: { ...webhooks(receiver, 'ops'), leaky: { type: 'webhook', url: `${leaky.url}/hooks/${TOKEN}` } },
    escalations: { oncall: [{ notify: ['ops', 'leaky'] }] },
    defaults: { alert: { down_after: 1 }, escalation: 'oncall' },
    monitors: [
      { id: 'nightly', type: 'heartbeat', uuid: UUID, period: '1d', grace: '1h' },
      { id: 'web', type: 'http', url: target.url, interval: '1s', timeout: '900ms' },
      { id: 'quiet', type: 'tcp', host: '127.0.0.1', port: 9, interval: '1h', paused: true },
    ],
  }));
});

afterAll(async () => {
  await api?.close();
  await target?.close();
  await leaky?.close();
});

const ping = (path: string, payload?: string) =>
  api.live.tocsin.app.inject({
    method: 'POST',
    url: `/ping/${UUID}${path}`,
    headers: { 'content-type': 'text/plain' },
    ...(payload !== undefined && { payload }),
  });

describe('GET /api/v1/monitors/:id/heartbeat-runs', () => {
  it('lists the runs newest first with start, end, duration, exit status and log', async () => {
    expect((await ping('/start')).statusCode).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await ping('/3', 'backup failed: disk full')).statusCode).toBe(200);
    const runs = (await api.call('viewer', 'GET', '/api/v1/monitors/nightly/heartbeat-runs')).json().runs;
    expect(runs.map((r: { kind: string }) => r.kind)).toEqual(['fail', 'start']);
    const [ended, started] = runs;
    expect(ended).toMatchObject({ exit_status: 3, log: 'backup failed: disk full', log_truncated: false, started_at: started.at, ended_at: ended.at });
    expect(ended.duration_ms).toBe(ended.ended_at - ended.started_at);
  });

  it('cuts a long log at 10 kB without splitting a character', async () => {
    const log = 'é'.repeat(6_000); // 12 000 bytes of two-byte characters
    expect((await ping('/0', log)).statusCode).toBe(200);
    const [latest] = (await api.call('viewer', 'GET', '/api/v1/monitors/nightly/heartbeat-runs?limit=1')).json().runs;
    expect(latest).toMatchObject({ kind: 'success', exit_status: 0, log_truncated: true });
    expect(latest.log).toBe('é'.repeat(5_120));
  });

  it('honours the limit, refuses a bad one and answers 404 for an unknown monitor', async () => {
    expect((await api.call('viewer', 'GET', '/api/v1/monitors/nightly/heartbeat-runs?limit=2')).json().runs).toHaveLength(2);
    const bad = await api.call('viewer', 'GET', '/api/v1/monitors/nightly/heartbeat-runs?limit=0');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().field).toBe('limit');
    expect((await api.call('viewer', 'GET', '/api/v1/monitors/ghost/heartbeat-runs')).statusCode).toBe(404);
    expect((await api.call('viewer', 'GET', '/api/v1/monitors/web/heartbeat-runs')).json()).toEqual({ runs: [] });
  });
});

describe('GET /api/v1/monitors/:id/notifications', () => {
  type Row = {
    channel: string;
    event: string;
    state: string;
    attempts: number;
    last_error: string | null;
    delivered_at: number | null;
    dead_at: number | null;
  };

  it('lists what was queued for the monitor with its delivery, never a channel secret', async () => {
    const rows = await eventually(
      async () => {
        const list = (await api.call('viewer', 'GET', '/api/v1/monitors/web/notifications')).json().notifications as Row[];
        const delivered = list.find((n) => n.channel === 'ops' && n.state === 'delivered');
        const failed = list.find((n) => n.channel === 'leaky' && n.last_error !== null);
        return delivered && failed ? list : undefined;
      },
      "web's down notification delivered to ops and refused by leaky",
      20_000,
    );
    const ops = rows.find((n) => n.channel === 'ops' && n.state === 'delivered')!;
    expect(ops).toMatchObject({ event: 'monitor.down', last_error: null, dead_at: null, delivered_at: expect.any(Number) });
    const refused = rows.find((n) => n.channel === 'leaky' && n.last_error !== null)!;
    expect(refused.attempts).toBeGreaterThanOrEqual(1);
    expect(refused.last_error).toMatch(/500/);
    // The whole path is the channel's secret, not only its token segment.
    expect(refused.last_error).toContain('no hook at ••••');
    const raw = (await api.call('viewer', 'GET', '/api/v1/monitors/web/notifications')).body;
    expect(raw).not.toContain(TOKEN);
  });

  it('answers an empty list for a quiet monitor and 404 for an unknown one', async () => {
    expect((await api.call('viewer', 'GET', '/api/v1/monitors/quiet/notifications')).json()).toEqual({ notifications: [] });
    expect((await api.call('viewer', 'GET', '/api/v1/monitors/ghost/notifications')).statusCode).toBe(404);
  });
});

/** "Test now" for a monitor and "send test" for a channel, through a real tocsin and real local servers. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../../src/channels/testing/receiver.js';
import { listAudit } from '../../src/store/audit.js';
import { listMonitors } from '../../src/store/monitors.js';
import { startTarget, webhooks, type Target } from '../alerting/live.js';
import { startApi, type ApiHarness } from './harness.js';

let api: ApiHarness;
let target: Target;
let refusing: Receiver;
let hanging: http.Server;
let hangingUrl: string;

beforeAll(async () => {
  target = await startTarget(200);
  refusing = await startReceiver(() => ({ status: 403, body: 'bad token' }));
  hanging = http.createServer(() => undefined);
  await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
  hangingUrl = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}/slow`;
  api = await startApi((receiver) => ({
    channels: { ...webhooks(receiver, 'ops'), refuser: { type: 'webhook', url: `${refusing.url}/hook` } },
  }));
});

afterAll(async () => {
  await api?.close();
  await target?.close();
  await refusing?.close();
  hanging?.closeAllConnections();
  await new Promise((resolve) => hanging?.close(resolve));
});

const storedIds = async () => (await listMonitors(api.live.tocsin.api.db)).map((row) => row.id);

describe('POST /api/v1/monitors/test', () => {
  it('runs the check once and answers what it saw, storing nothing', async () => {
    const before = await storedIds();
    const answer = await api.call('editor', 'POST', '/api/v1/monitors/test', { id: 'draft', type: 'http', url: target.url, timeout: '5s' });
    expect(answer.statusCode).toBe(200);
    const result = answer.json();
    expect(result).toMatchObject({ monitor_id: 'draft', status: 'up', timeout_ms: 5000 });
    expect(result.message).toMatch(/200/);
    expect(result.latency_ms).toBeGreaterThanOrEqual(0);
    expect(result.timings).toHaveProperty('connect');
    expect(result.metrics).toMatchObject({ http_status: 200 });
    expect(await storedIds()).toEqual(before);
    expect((await api.call('viewer', 'GET', '/api/v1/monitors/draft')).statusCode).toBe(404);
  });

  it('reports a failing target as a down result, not as an error of the request', async () => {
    target.status = 503;
    try {
      const answer = await api.call('editor', 'POST', '/api/v1/monitors/test', { id: 'draft', type: 'http', url: target.url });
      expect(answer.statusCode).toBe(200);
      expect(answer.json()).toMatchObject({ status: 'down', message: expect.stringContaining('503') });
    } finally {
      target.status = 200;
    }
  });

  it("settles a target that never answers at the monitor's timeout, naming the phase", async () => {
    const started = Date.now();
    const answer = await api.call('editor', 'POST', '/api/v1/monitors/test', { id: 'draft', type: 'http', url: hangingUrl, timeout: '300ms' });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(answer.json()).toMatchObject({ status: 'down', message: expect.stringMatching(/timed out after 300 ms/) });
  });

  it('refuses exec, heartbeats and invalid monitors as create does, naming the field', async () => {
    const exec = await api.call('admin', 'POST', '/api/v1/monitors/test', { id: 'shell', type: 'exec', command: ['/bin/true'] });
    expect(exec.statusCode).toBe(400);
    expect(exec.json()).toMatchObject({ field: 'type', error: expect.stringMatching(/only be defined in tocsin.yaml/) });
    const beat = await api.call('admin', 'POST', '/api/v1/monitors/test', {
      id: 'nightly',
      type: 'heartbeat',
      uuid: '0d6f3c52-6b8e-4f1a-9c3e-2a7b9d1e4f60',
      period: '1d',
    });
    expect(beat.statusCode).toBe(400);
    expect(beat.json().error).toMatch(/pinged, not polled/);
    const bad = await api.call('admin', 'POST', '/api/v1/monitors/test', { id: 'draft', type: 'http', url: target.url, interval: 'often' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().field).toBe('interval');
  });

  it('is refused to a viewer and a read token', async () => {
    for (const as of ['viewer', 'read-token'] as const) {
      expect((await api.call(as, 'POST', '/api/v1/monitors/test', { id: 'draft', type: 'http', url: target.url })).statusCode).toBe(403);
    }
  });
});

describe('POST /api/v1/channels/:id/test', () => {
  it("sends a test notification straight to the channel and answers the receiver's outcome", async () => {
    const before = api.live.receiver.requests.length;
    const answer = await api.call('editor', 'POST', '/api/v1/channels/ops/test');
    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toMatchObject({
      channel: 'ops',
      ok: true,
      status: 200,
      permanent: false,
      message: expect.stringMatching(/^ops: HTTP 200 in \d+ ms/),
    });
    const sent = api.live.receiver.requests.slice(before);
    expect(sent).toHaveLength(1);
    const body = JSON.parse(sent[0]!.body.toString('utf8')) as { event: string; message: string };
    expect(body.event).toBe('test');
    expect(body.message).toContain('editor@example.org');
  });

  it("answers a refusal as a result with the receiver's words and what to fix", async () => {
    const answer = await api.call('editor', 'POST', '/api/v1/channels/refuser/test');
    expect(answer.statusCode).toBe(200);
    const result = answer.json();
    expect(result).toMatchObject({ channel: 'refuser', ok: false, status: 403, permanent: true });
    expect(result.message).toMatch(/bad token/);
    expect(result.message).toMatch(/check the channel's URL, token or address/);
    expect(refusing.requests).toHaveLength(1);
  });

  it('records who sent a test in the audit log', async () => {
    const entries = await listAudit(api.live.tocsin.api.db, { limit: 20 });
    const sent = entries.find((e) => e.action === 'channel.test' && e.target === 'channel ops');
    expect(sent).toMatchObject({ actor: { label: 'editor@example.org' }, after: { ok: true, status: 200 } });
  });

  it('answers 404 naming the configured channels for an unknown one, and 403 to a viewer', async () => {
    const missing = await api.call('editor', 'POST', '/api/v1/channels/nope/test');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error).toMatch(/configured channels: ops, refuser/);
    expect((await api.call('viewer', 'POST', '/api/v1/channels/ops/test')).statusCode).toBe(403);
  });
});

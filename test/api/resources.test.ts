/** Results with rollups, states, the read-only config resources, the OpenAPI document and live events. */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertResults } from '../../src/store/results.js';
import { rollUp } from '../../src/store/rollups.js';
import { webhooks } from '../alerting/live.js';
import { startApi, type ApiHarness } from './harness.js';

const HOUR = 3_600_000;
let api: ApiHarness;

beforeAll(async () => {
  api = await startApi((receiver) => ({
    channels: {
      ...webhooks(receiver, 'ops'),
      chat: { type: 'slack', url: 'https://hooks.slack.com/services/T000/B000/XXXXSECRET' },
      pager: { type: 'pagerduty', routing_key: 'R0UTINGKEY' },
    },
    escalations: { oncall: [{ notify: ['pager'] }, { after: '10m', notify: ['chat', 'ops'] }] },
    monitors: [{ id: 'archive', type: 'tcp', host: '127.0.0.1', port: 9, interval: '1h', paused: true }],
    maintenance: [{ name: 'patch night', start: '2026-01-04T02:00:00Z', duration: '2h', schedule: '0 2 * * 0', monitors: ['archive'] }],
    status_pages: [{ slug: 'public', title: 'Example status', components: [{ name: 'Archive', monitors: ['archive'] }] }],
  }));
});

afterAll(async () => {
  await api?.close();
});

describe('results', () => {
  it('pages raw results newest first and rolls long ranges up by hour or day', async () => {
    const now = Date.now();
    const start = now - 10 * 24 * HOUR;
    const rows = Array.from({ length: 240 }, (_, i) => ({
      monitorId: 'archive',
      at: start + i * HOUR,
      status: i % 10 === 0 ? ('down' as const) : ('up' as const),
      latencyMs: 10 + i,
      message: 'm',
      timings: {},
    }));
    await insertResults(api.live.tocsin.store.db, rows);
    await rollUp(api.live.tocsin.store.db, now);

    const page = (await api.call('viewer', 'GET', `/api/v1/monitors/archive/results?limit=5&from=${start}`)).json();
    expect(page.resolution).toBe('hour'); // 10 days: hourly rollups
    const raw = (await api.call('viewer', 'GET', '/api/v1/monitors/archive/results?limit=5&resolution=raw')).json();
    expect(raw.results).toHaveLength(5);
    expect(raw.results[0].at).toBe(rows.at(-1)!.at);
    const next = (await api.call('viewer', 'GET', `/api/v1/monitors/archive/results?limit=5&resolution=raw&before=${raw.next}`)).json();
    expect(next.results[0].at).toBe(rows.at(-6)!.at);
    const days = (await api.call('viewer', 'GET', `/api/v1/monitors/archive/results?resolution=day&from=${start}`)).json();
    expect(days.rollups.reduce((sum: number, r: { count: number }) => sum + r.count, 0)).toBeGreaterThan(200);
    expect(days.rollups[0]).toEqual(expect.objectContaining({ bucket: expect.any(Number), up: expect.any(Number), latency_p95_ms: expect.any(Number) }));
  });

  it('refuses a range that ends before it starts', async () => {
    const bad = await api.call('viewer', 'GET', '/api/v1/monitors/archive/results?from=2000&to=1000');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().field).toBe('from');
  });
});

describe('config-owned resources', () => {
  it('shows channels with every secret masked', async () => {
    const response = await api.call('viewer', 'GET', '/api/v1/channels');
    expect(response.body).not.toMatch(/XXXXSECRET|R0UTINGKEY/);
    const channels = response.json().channels as Array<Record<string, unknown>>;
    expect(channels.find((c) => c.id === 'chat')).toMatchObject({ type: 'slack', url: 'https://hooks.slack.com/••••' });
    expect(channels.find((c) => c.id === 'pager')).toMatchObject({ routing_key: '••••' });
  });

  it('shows escalation policies, maintenance windows and status pages as read-only', async () => {
    const escalations = (await api.call('viewer', 'GET', '/api/v1/escalations')).json();
    expect(escalations.policies.oncall[1]).toEqual({ after: 600_000, notify: ['chat', 'ops'] });
    const maintenance = (await api.call('viewer', 'GET', '/api/v1/maintenance')).json();
    // tocsin.yaml's windows are read-only through the API: they say where they are defined.
    expect(maintenance.windows[0]).toMatchObject({ id: 'patch night', source: 'config' });
    expect(maintenance.upcoming[0]).toMatchObject({ name: 'patch night', monitors: ['archive'] });
    const pages = (await api.call('viewer', 'GET', '/api/v1/status-pages')).json();
    expect(pages.status_pages[0]).toMatchObject({ slug: 'public', url: '/status/public' });
  });

  it('lists every monitor in /states, pending until its first result', async () => {
    const states = (await api.call('viewer', 'GET', '/api/v1/states')).json().states;
    expect(Object.keys(states)).toContain('archive');
  });
});

describe('the OpenAPI document', () => {
  it('describes every route with its parameters and body schema', async () => {
    const doc = (await api.call('nobody', 'GET', '/api/v1/openapi.json')).json();
    expect(doc.openapi).toBe('3.1.0');
    for (const r of api.routes) {
      const path = r.url.replace(/:([a-z]+)/g, '{$1}');
      expect(doc.paths[path]?.[r.method.toLowerCase()], `${r.method} ${path}`).toBeDefined();
    }
    const create = doc.paths['/api/v1/monitors'].post;
    expect(JSON.stringify(create.requestBody.content['application/json'].schema)).toContain('"http"');
    expect(doc.paths['/api/v1/monitors/{id}/results'].get.parameters.map((p: { name: string }) => p.name)).toEqual([
      'id',
      'from',
      'to',
      'before',
      'limit',
      'resolution',
    ]);
  });

  it('is browsable at /api/docs without any outside script', async () => {
    const page = await api.call('nobody', 'GET', '/api/docs');
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.body).toContain('/api/v1/openapi.json');
    expect(page.body).not.toMatch(/<script[^>]+src=|<link[^>]+href="https?:/);
  });
});

describe('live events', () => {
  it('streams API changes to a dashboard over Server-Sent Events', async () => {
    const address = await api.app.listen({ host: '127.0.0.1', port: 0 });
    const frames: string[] = [];
    const request = http.get(`${address}/api/v1/events`, { headers: { 'x-test-role': 'viewer' } });
    const response = await new Promise<http.IncomingMessage>((resolve) => request.on('response', resolve));
    expect(response.headers['content-type']).toMatch(/text\/event-stream/);
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => frames.push(chunk));
    await waitFor(() => frames.join('').includes('event: hello'));
    await api.call('editor', 'POST', '/api/v1/monitors', { id: 'live', type: 'tcp', host: '127.0.0.1', port: 9, paused: true });
    await waitFor(() => frames.join('').includes('event: monitor\ndata: {"id":"live","action":"created"}'));
    request.destroy();
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  const until = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > until) throw new Error('timed out waiting for an event');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTarget, type Target } from '../alerting/live.js';
import { startApi, type ApiHarness } from './harness.js';

let api: ApiHarness;
let target: Target;

const webMonitor = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  type: 'http',
  url: target.url,
  interval: '1s',
  timeout: '900ms',
  tags: ['api'],
  group: 'edge',
  ...extra,
});

beforeAll(async () => {
  target = await startTarget(200);
  api = await startApi(() => ({
    // Editors create 1 s monitors here; the floor for non-admins is its own test (monitor-intervals.test.ts).
    server: { min_interval_api: '1s' },
    monitors: [{ id: 'from-file', type: 'tcp', host: '127.0.0.1', port: 9, interval: '1h', paused: true }],
  }));
});

afterAll(async () => {
  await api?.close();
  await target?.close();
});

describe('monitors through the API', () => {
  it('creates a monitor that the running engine checks at once', async () => {
    const created = await api.call('editor', 'POST', '/api/v1/monitors', webMonitor('web'));
    expect(created.statusCode).toBe(201);
    expect(created.headers.location).toBe('/api/v1/monitors/web');
    expect(created.json().monitor).toMatchObject({ id: 'web', source: 'api', read_only: false, interval: 1000 });
    await eventually(() => api.live.tocsin.api.monitors().some((m) => m.id === 'web'), 'the engine to know web');
    const state = await eventually(async () => {
      const got = (await api.call('viewer', 'GET', '/api/v1/monitors/web')).json();
      return got.state?.status === 'up' && got.state;
    }, 'web to be up');
    expect(state.last_message).toBeTypeOf('string');
  });

  it('lists monitors filtered by tag, group, source and state', async () => {
    const byTag = (await api.call('viewer', 'GET', '/api/v1/monitors?tag=api')).json();
    expect(byTag.monitors.map((m: { id: string }) => m.id)).toEqual(['web']);
    const bySource = (await api.call('viewer', 'GET', '/api/v1/monitors?source=config')).json();
    expect(bySource.monitors.map((m: { id: string }) => m.id)).toEqual(['from-file']);
    const pending = (await api.call('viewer', 'GET', '/api/v1/monitors?state=pending')).json();
    expect(pending.monitors.map((m: { id: string }) => m.id)).toEqual(['from-file']);
    const byGroup = (await api.call('viewer', 'GET', '/api/v1/monitors?group=nowhere')).json();
    expect(byGroup.monitors).toEqual([]);
  });

  it('refuses exec monitors, naming the field and why', async () => {
    const refused = await api.call('admin', 'POST', '/api/v1/monitors', { id: 'shell', type: 'exec', command: ['/bin/true'] });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ field: 'type' });
    expect(refused.json().error).toMatch(/only be defined in tocsin.yaml/);
  });

  it('refuses a tls monitor with ca_file, a path read on the tocsin host, naming the field', async () => {
    const refused = await api.call('admin', 'POST', '/api/v1/monitors', { id: 'cert', type: 'tls', host: '127.0.0.1', ca_file: '/etc/passwd' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ field: 'ca_file' });
    expect(refused.json().error).toMatch(/only be set in tocsin.yaml/);
    const unverified = await api.call('admin', 'POST', '/api/v1/monitors', {
      id: 'cert-dates',
      type: 'tls',
      host: '127.0.0.1',
      port: 9,
      verify: false,
      interval: '1h',
    });
    expect(unverified.statusCode).toBe(201);
    expect((await api.call('admin', 'DELETE', '/api/v1/monitors/cert-dates')).statusCode).toBeLessThan(300);
  });

  it('refuses to change a monitor defined in tocsin.yaml', async () => {
    const put = await api.call('admin', 'PUT', '/api/v1/monitors/from-file', { id: 'from-file', type: 'tcp', host: '127.0.0.1', port: 10 });
    expect(put.statusCode).toBe(409);
    expect(put.json().error).toBe('monitor from-file is defined in tocsin.yaml; change it there');
    expect((await api.call('admin', 'DELETE', '/api/v1/monitors/from-file')).statusCode).toBe(409);
    expect((await api.call('admin', 'POST', '/api/v1/monitors', { id: 'from-file', type: 'tcp', host: '127.0.0.1', port: 10 })).statusCode).toBe(409);
  });

  it('answers a viewer or a read token that tries to write with 403, and nobody with 401', async () => {
    for (const as of ['viewer', 'read-token'] as const) {
      const denied = await api.call(as, 'POST', '/api/v1/monitors/web/pause');
      expect(denied.statusCode).toBe(403);
      expect(denied.json().error).toMatch(/cannot make changes/);
    }
    expect((await api.call('nobody', 'GET', '/api/v1/monitors')).statusCode).toBe(401);
  });

  it('says which field is wrong and what was expected', async () => {
    const bad = await api.call('editor', 'POST', '/api/v1/monitors', webMonitor('slow', { interval: 'often' }));
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toEqual({ error: expect.stringContaining('interval'), field: 'interval', expected: expect.stringContaining('duration') });
    const unknown = await api.call('editor', 'POST', '/api/v1/monitors', webMonitor('odd', { colour: 'red' }));
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().field).toBe('colour');
    const traversal = await api.call('viewer', 'GET', '/api/v1/monitors/..%2F..%2Fetc%2Fpasswd');
    expect(traversal.statusCode).toBe(400);
    expect(traversal.json().field).toBe('id');
  });

  it('refuses a dependency on itself or one that closes a loop, naming the loop at the field', async () => {
    const paused = { paused: true, interval: '1h', timeout: '10s' };
    expect((await api.call('editor', 'POST', '/api/v1/monitors', webMonitor('loop-a', paused))).statusCode).toBe(201);
    const b = await api.call('editor', 'POST', '/api/v1/monitors', webMonitor('loop-b', { ...paused, depends_on: ['loop-a'] }));
    expect(b.statusCode, b.body).toBe(201);
    const self = await api.call('editor', 'PUT', '/api/v1/monitors/loop-a', webMonitor('loop-a', { ...paused, depends_on: ['loop-a'] }));
    expect(self.statusCode).toBe(400);
    expect(self.json()).toMatchObject({ field: 'depends_on[0]', error: expect.stringContaining('loop-a → loop-a') });
    const loop = await api.call('editor', 'PUT', '/api/v1/monitors/loop-a', webMonitor('loop-a', { ...paused, depends_on: ['loop-b'] }));
    expect(loop.statusCode).toBe(400);
    expect(loop.json()).toMatchObject({ field: 'depends_on[0]', error: expect.stringMatching(/dependency cycle: loop-a → loop-b → loop-a/) });
    const fine = await api.call('editor', 'PUT', '/api/v1/monitors/loop-b', webMonitor('loop-b', { ...paused, depends_on: ['from-file'] }));
    expect(fine.statusCode, fine.body).toBe(200);
    for (const id of ['loop-a', 'loop-b']) expect((await api.call('editor', 'DELETE', `/api/v1/monitors/${id}`)).statusCode).toBe(204);
  });

  it('replaces, pauses and resumes an API monitor, and the engine follows', async () => {
    const put = await api.call('editor', 'PUT', '/api/v1/monitors/web', webMonitor('web', { name: 'Web front', interval: '2s' }));
    expect(put.statusCode).toBe(200);
    expect(put.json().monitor).toMatchObject({ name: 'Web front', interval: 2000 });
    const scheduled = () => api.live.tocsin.engine.stats().scheduled;
    const before = scheduled();
    expect((await api.call('editor', 'POST', '/api/v1/monitors/web/pause')).json().monitor.paused).toBe(true);
    expect(scheduled()).toBe(before - 1);
    expect((await api.call('editor', 'POST', '/api/v1/monitors/web/resume')).json().monitor.paused).toBe(false);
    expect(scheduled()).toBe(before);
  });

  it('masks secrets in monitor definitions', async () => {
    // A SQL probe reaches inside the network: an admin's to define (test/api/probe-reach.test.ts).
    await api.call('admin', 'POST', '/api/v1/monitors', {
      id: 'db',
      type: 'postgres',
      url: 'postgres://app:hunter2@127.0.0.1:1/app',
      interval: '1h',
      paused: true,
    });
    const got = await api.call('viewer', 'GET', '/api/v1/monitors/db');
    expect(got.body).not.toContain('hunter2');
    expect(got.json().settings.url).toBe('postgres://app:••••@127.0.0.1:1/app');
  });

  it('keeps API monitors across a restart, and deletes softly', async () => {
    await api.restart();
    const listed = (await api.call('viewer', 'GET', '/api/v1/monitors?source=api')).json();
    expect(listed.monitors.map((m: { id: string }) => m.id)).toEqual(['db', 'web']);
    const running = api.live.tocsin.api.monitors().filter((m) => !m.id.startsWith('tocsin-self-'));
    expect(running.map((m) => m.id).sort()).toEqual(['db', 'from-file', 'web']);
    expect((await api.call('editor', 'DELETE', '/api/v1/monitors/db')).statusCode).toBe(204);
    expect((await api.call('viewer', 'GET', '/api/v1/monitors/db')).statusCode).toBe(404);
    expect(api.live.tocsin.api.monitors().map((m) => m.id)).not.toContain('db');
    // The id comes back with its history.
    expect(
      (await api.call('admin', 'POST', '/api/v1/monitors', { id: 'db', type: 'postgres', url: 'postgres://127.0.0.1:1/app', paused: true })).statusCode,
    ).toBe(201);
  });
  it('keeps a stored secret that a form sends back masked, and drops one the form leaves out', async () => {
    const body = {
      id: 'directory',
      type: 'ldap',
      url: 'ldap://127.0.0.1:9',
      bind_dn: 'cn=probe,dc=example',
      bind_password: 'not-for-readers',
      interval: '1h',
      paused: true,
    };
    expect((await api.call('admin', 'POST', '/api/v1/monitors', body)).statusCode).toBe(201);
    const read = await api.call('admin', 'GET', '/api/v1/monitors/directory');
    expect(read.body).not.toContain('not-for-readers');
    const stored = () => api.live.tocsin.api.monitors().find((m) => m.id === 'directory') as { name: string; settings: Record<string, unknown> } | undefined;

    const masked = await api.call('admin', 'PUT', '/api/v1/monitors/directory', { ...body, name: 'Directory', bind_password: '••••' });
    expect(masked.statusCode).toBe(200);
    await eventually(() => stored()?.name === 'Directory', 'the rename to reach the engine');
    expect(stored()?.settings.bind_password).toBe('not-for-readers');

    const { bind_password: _dropped, ...anonymous } = body;
    expect((await api.call('admin', 'PUT', '/api/v1/monitors/directory', { ...anonymous, bind_dn: undefined, name: 'Anonymous' })).statusCode).toBe(200);
    await eventually(() => stored()?.name === 'Anonymous', 'the second change to reach the engine');
    expect(stored()?.settings.bind_password).toBeUndefined();
  });
});

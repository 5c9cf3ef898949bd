/** Channels, escalation policies, maintenance windows and status pages through the API: tocsin.yaml's are read-only, the API's are stored and used. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../src/store/audit.js';
import { getApiResource } from '../../src/store/api-resources.js';
import { webhooks } from '../alerting/live.js';
import { startApi, type ApiHarness } from './harness.js';

let api: ApiHarness;
const running = () => api.live.tocsin.api.config();
const db = () => api.live.tocsin.store.db;

beforeAll(async () => {
  api = await startApi((receiver) => ({
    channels: { ...webhooks(receiver, 'ops') },
    escalations: { oncall: [{ notify: ['ops'] }] },
    monitors: [{ id: 'archive', type: 'tcp', host: '127.0.0.1', port: 9, interval: '1h', paused: true }],
    maintenance: [{ name: 'patch night', start: '2026-01-04T02:00:00Z', duration: '2h', schedule: '0 2 * * 0', monitors: ['archive'] }],
    status_pages: [{ slug: 'public', title: 'Public', components: [{ name: 'Archive', monitors: ['archive'] }] }],
  }));
});

afterAll(async () => {
  await api?.close();
});

describe('channels through the API', () => {
  it('creates a channel the running config uses, and every read masks its secrets', async () => {
    const created = await api.call('editor', 'POST', '/api/v1/channels', { id: 'pager', type: 'pagerduty', routing_key: 'R0UTINGKEY' });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().channel).toMatchObject({ id: 'pager', source: 'api', routing_key: '••••' });
    expect(running().channels.pager).toEqual({ type: 'pagerduty', routing_key: 'R0UTINGKEY' });
    const list = (await api.call('viewer', 'GET', '/api/v1/channels')).json();
    expect(list.channels.map((c: { id: string; source: string }) => [c.id, c.source])).toEqual([
      ['ops', 'config'],
      ['pager', 'api'],
    ]);
    expect(JSON.stringify(list)).not.toContain('R0UTINGKEY');
  });

  it('keeps a stored secret that a PUT leaves out or sends back masked', async () => {
    await api.call('editor', 'POST', '/api/v1/channels', { id: 'hook', type: 'webhook', url: 'https://hooks.example.org/in', secret: 'S3CRET' });
    const omitted = await api.call('editor', 'PUT', '/api/v1/channels/hook', { type: 'webhook', url: 'https://hooks.example.org/v2' });
    expect(omitted.statusCode, omitted.body).toBe(200);
    expect(omitted.json().channel.secret).toBe('••••');
    const masked = await api.call('editor', 'PUT', '/api/v1/channels/hook', { type: 'webhook', url: 'https://hooks.example.org/v3', secret: '••••' });
    expect(masked.statusCode, masked.body).toBe(200);
    expect(await getApiResource(db(), 'channel', 'hook')).toMatchObject({ ok: true, definition: { url: 'https://hooks.example.org/v3', secret: 'S3CRET' } });
    expect(running().channels.hook).toMatchObject({ secret: 'S3CRET' });
  });

  it('refuses command channels, invalid ones, taken ids and readers', async () => {
    const command = await api.call('admin', 'POST', '/api/v1/channels', { id: 'run', type: 'command', command: ['/bin/true'] });
    expect(command.statusCode).toBe(400);
    expect(command.json().error).toMatch(/only be defined in tocsin.yaml/);
    expect((await api.call('editor', 'POST', '/api/v1/channels', { id: 'bad', type: 'slack', url: 'ftp://x' })).statusCode).toBe(400);
    expect((await api.call('editor', 'POST', '/api/v1/channels', { type: 'slack', url: 'https://x.example.org/' })).statusCode).toBe(400);
    expect((await api.call('editor', 'POST', '/api/v1/channels', { id: 'pager', type: 'pagerduty', routing_key: 'X' })).statusCode).toBe(409);
    expect((await api.call('viewer', 'POST', '/api/v1/channels', { id: 'v', type: 'pagerduty', routing_key: 'X' })).statusCode).toBe(403);
    expect((await api.call('editor', 'PUT', '/api/v1/channels/nope', { type: 'pagerduty', routing_key: 'X' })).statusCode).toBe(404);
  });

  it('answers 409 for every write to a channel tocsin.yaml defines', async () => {
    for (const [method, url, body] of [
      ['POST', '/api/v1/channels', { id: 'ops', type: 'pagerduty', routing_key: 'X' }],
      ['PUT', '/api/v1/channels/ops', { type: 'pagerduty', routing_key: 'X' }],
      ['DELETE', '/api/v1/channels/ops', undefined],
    ] as const) {
      const response = await api.call('admin', method, url, body);
      expect(response.statusCode, `${method} ${url}`).toBe(409);
      expect(response.json().error).toMatch(/channel ops is defined in tocsin.yaml; change it there/);
    }
  });

  it('writes audit entries that name the change but never the secret', async () => {
    const rows = await listAudit(db(), { limit: 100 });
    const channelRows = rows.filter((r) => r.action.startsWith('channel.'));
    expect(channelRows.map((r) => r.action)).toEqual(expect.arrayContaining(['channel.create', 'channel.update']));
    const text = JSON.stringify(channelRows);
    for (const secret of ['R0UTINGKEY', 'S3CRET']) expect(text).not.toContain(secret);
  });
});

describe('escalation policies through the API', () => {
  it('creates a policy over API and config channels, and refuses one naming a missing channel', async () => {
    const created = await api.call('editor', 'POST', '/api/v1/escalations', { id: 'night', steps: [{ notify: ['pager'] }, { after: '15m', notify: ['ops'] }] });
    expect(created.statusCode, created.body).toBe(201);
    expect(running().escalations.night).toEqual([
      { after: 0, notify: ['pager'] },
      { after: 900_000, notify: ['ops'] },
    ]);
    const list = (await api.call('viewer', 'GET', '/api/v1/escalations')).json();
    expect(list.sources).toEqual({ oncall: 'config', night: 'api' });
    const missing = await api.call('editor', 'POST', '/api/v1/escalations', { id: 'x', steps: [{ notify: ['gone'] }] });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error).toMatch(/no channel "gone"/);
  });

  it('will not delete a channel a policy notifies, nor touch a policy tocsin.yaml defines', async () => {
    const inUse = await api.call('editor', 'DELETE', '/api/v1/channels/pager');
    expect(inUse.statusCode).toBe(409);
    expect(inUse.json().error).toMatch(/escalation policy night/);
    expect((await api.call('editor', 'PUT', '/api/v1/escalations/oncall', { steps: [{ notify: ['ops'] }] })).statusCode).toBe(409);
    expect((await api.call('editor', 'POST', '/api/v1/escalations', { id: 'fallback', steps: [{ notify: ['ops'] }] })).statusCode).toBe(409);
  });

  it('replaces and deletes an API policy, after which its channel can go', async () => {
    const replaced = await api.call('editor', 'PUT', '/api/v1/escalations/night', { steps: [{ notify: ['ops'] }] });
    expect(replaced.statusCode, replaced.body).toBe(200);
    expect((await api.call('editor', 'DELETE', '/api/v1/channels/pager')).statusCode).toBe(204);
    expect((await api.call('editor', 'DELETE', '/api/v1/escalations/night')).statusCode).toBe(204);
    expect(running().escalations.night).toBeUndefined();
    expect(running().channels.pager).toBeUndefined();
  });
});

describe('maintenance windows through the API', () => {
  it("creates a window, lists it beside the config's and applies it to the running config", async () => {
    const created = await api.call('editor', 'POST', '/api/v1/maintenance', {
      id: 'db-upgrade',
      name: 'db upgrade',
      start: '2030-01-01T03:00:00Z',
      duration: '1h',
      monitors: ['archive'],
    });
    expect(created.statusCode, created.body).toBe(201);
    const list = (await api.call('viewer', 'GET', '/api/v1/maintenance')).json();
    expect(list.windows.map((w: { id: string; source: string }) => [w.id, w.source])).toEqual([
      ['patch night', 'config'],
      ['db-upgrade', 'api'],
    ]);
    expect(running().maintenance.map((w) => w.name)).toContain('db upgrade');
    const unknown = await api.call('editor', 'POST', '/api/v1/maintenance', { name: 'x', start: '2030-01-01T03:00:00Z', duration: '1h', monitors: ['nope'] });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error).toMatch(/no monitor has the id "nope"/);
    expect((await api.call('editor', 'DELETE', '/api/v1/maintenance/patch%20night')).statusCode).toBeGreaterThanOrEqual(400);
  });

  it('silences a monitor for a duration with a window open from now', async () => {
    const silenced = await api.call('editor', 'POST', '/api/v1/monitors/archive/silence', { for: '2h' });
    expect(silenced.statusCode, silenced.body).toBe(201);
    const window = silenced.json().window;
    expect(window).toMatchObject({ source: 'api', monitors: ['archive'], duration: 7_200_000, name: 'silence archive for 2h' });
    expect(window.open_now).not.toBeNull();
    expect((await api.call('editor', 'POST', '/api/v1/monitors/nope/silence', { for: '2h' })).statusCode).toBe(404);
    expect((await api.call('editor', 'POST', '/api/v1/monitors/archive/silence', { for: 'soon' })).statusCode).toBe(400);
    expect((await api.call('editor', 'DELETE', `/api/v1/maintenance/${window.id}`)).statusCode).toBe(204);
  });

  it('names a silence by its reason, and refuses a reason too long to show', async () => {
    const silenced = await api.call('editor', 'POST', '/api/v1/monitors/archive/silence', { for: '4h', reason: ' deploy in progress ' });
    expect(silenced.statusCode, silenced.body).toBe(201);
    expect(silenced.json().window.name).toBe('silence archive for 4h: deploy in progress');
    const long = await api.call('editor', 'POST', '/api/v1/monitors/archive/silence', { for: '1h', reason: 'x'.repeat(201) });
    expect(long.statusCode).toBe(400);
    expect(long.json()).toMatchObject({ field: 'reason' });
    expect((await api.call('editor', 'DELETE', `/api/v1/maintenance/${silenced.json().window.id}`)).statusCode).toBe(204);
  });

  it('keeps API resources across a restart', async () => {
    await api.call('editor', 'POST', '/api/v1/channels', { id: 'chat', type: 'slack', url: 'https://hooks.slack.com/services/T0/B0/SECRETPATH' });
    await api.restart();
    expect(running().channels.chat).toMatchObject({ type: 'slack', url: 'https://hooks.slack.com/services/T0/B0/SECRETPATH' });
    expect(running().maintenance.map((w) => w.name)).toContain('db upgrade');
    const list = (await api.call('viewer', 'GET', '/api/v1/channels')).json();
    expect(JSON.stringify(list)).not.toContain('SECRETPATH');
  });
});

describe('status pages through the API', () => {
  const page = { slug: 'customers', title: 'Customer status', components: [{ name: 'File archive', monitors: ['archive'] }] };
  const served = (path: string) => fetch(`http://${api.live.tocsin.address}${path}`);
  /** The public site revalidates its cache every second, so a change shows within a few requests. */
  const servedUntil = async (path: string, done: (response: Response, text: string) => boolean): Promise<void> => {
    for (let attempt = 0; attempt < 60; attempt += 1) {
      const response = await served(path);
      if (done(response, await response.text())) return;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`${path} did not change within 15 s`);
  };

  it('creates a page that the public site serves at /status/<slug>', async () => {
    const created = await api.call('editor', 'POST', '/api/v1/status-pages', page);
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().status_page).toMatchObject({ slug: 'customers', source: 'api', url: '/status/customers' });
    const list = (await api.call('viewer', 'GET', '/api/v1/status-pages')).json();
    expect(list.status_pages.map((p: { slug: string; source: string }) => [p.slug, p.source])).toEqual([
      ['public', 'config'],
      ['customers', 'api'],
    ]);
    const html = await served('/status/customers');
    expect(html.status).toBe(200);
    const text = await html.text();
    expect(text).toContain('Customer status');
    expect(text).toContain('File archive');
  });

  it('replaces a page, keeping its slug, and the public page follows', async () => {
    const replaced = await api.call('editor', 'PUT', '/api/v1/status-pages/customers', {
      title: 'Service status',
      components: [{ name: 'Archive', monitors: ['archive'] }],
    });
    expect(replaced.statusCode, replaced.body).toBe(200);
    expect(running().status_pages.find((p) => p.slug === 'customers')?.title).toBe('Service status');
    const renamed = await api.call('editor', 'PUT', '/api/v1/status-pages/customers', { ...page, slug: 'other' });
    expect(renamed.statusCode).toBe(400);
    await servedUntil('/status/customers', (_, text) => text.includes('Service status'));
  });

  it('refuses components naming missing monitors, taken slugs, readers and pages tocsin.yaml defines', async () => {
    const missing = await api.call('editor', 'POST', '/api/v1/status-pages', { ...page, slug: 'x', components: [{ name: 'Gone', monitors: ['nope'] }] });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error).toMatch(/components\[0\]\.monitors: no monitor has the id "nope"/);
    expect((await api.call('editor', 'POST', '/api/v1/status-pages', { ...page, slug: 'y', title: '' })).statusCode).toBe(400);
    expect((await api.call('editor', 'POST', '/api/v1/status-pages', page)).statusCode).toBe(409);
    expect((await api.call('viewer', 'POST', '/api/v1/status-pages', { ...page, slug: 'v' })).statusCode).toBe(403);
    for (const [method, url, body] of [
      ['POST', '/api/v1/status-pages', { ...page, slug: 'public' }],
      ['PUT', '/api/v1/status-pages/public', page],
      ['DELETE', '/api/v1/status-pages/public', undefined],
    ] as const) {
      const response = await api.call('admin', method, url, body);
      expect(response.statusCode, `${method} ${url}`).toBe(409);
      expect(response.json().error).toMatch(/status page public is defined in tocsin.yaml; change it there/);
    }
  });

  it('audits the changes and deletes the page, after which the public site answers 404', async () => {
    expect((await api.call('editor', 'DELETE', '/api/v1/status-pages/customers')).statusCode).toBe(204);
    expect((await api.call('editor', 'DELETE', '/api/v1/status-pages/customers')).statusCode).toBe(404);
    const actions = (await listAudit(db(), { limit: 100 })).map((r) => r.action).filter((a) => a.startsWith('status_page.'));
    expect(actions).toEqual(expect.arrayContaining(['status_page.create', 'status_page.update', 'status_page.delete']));
    expect(running().status_pages.map((p) => p.slug)).toEqual(['public']);
    await servedUntil('/status/customers', (response) => response.status === 404);
  });
});

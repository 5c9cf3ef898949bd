/** The incident API through buildApp's error mapping, with actors set as the auth hook would set them. */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { registerIncidentRoutes } from '../../src/api/routes/incidents.js';
import { buildApp } from '../../src/api/app.js';
import type { Actor } from '../../src/api/auth/access.js';
import { silentLogger } from '../../src/lib/logger.js';
import type { StatusPageConfig } from '../../src/schema/config.js';
import { migrate } from '../../src/store/migrate.js';
import type { Store } from '../../src/store/open.js';
import type { Post } from '../../src/store/incidents.js';
import { sqliteStore } from '../store/dialects.js';

const NOW = Date.UTC(2026, 4, 12, 14, 30);
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
const ACTORS: Record<string, Actor> = {
  editor: { kind: 'token', id: 't1', label: 'token deploy', role: 'editor', scope: 'write', viaCookie: false },
  viewer: { kind: 'token', id: 't2', label: 'token dashboard', role: 'viewer', scope: 'read', viaCookie: false },
};

let store: Store;
let cleanup: () => Promise<void>;
let app: FastifyInstance;
const changed: Post[] = [];

beforeAll(async () => {
  ({ store, cleanup } = await sqliteStore());
  await migrate(store.db);
  app = buildApp({ logger: silentLogger(), health: () => ({ healthy: true, checks: [] }) });
  app.addHook('onRequest', async (request) => {
    const who = request.headers['x-test-actor'];
    if (typeof who === 'string' && ACTORS[who]) request.actor = ACTORS[who];
  });
  registerIncidentRoutes(app, { db: store.db, now: () => NOW, pages: () => PAGES, onChange: (post) => changed.push(post) });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await store.close();
  await cleanup();
});
beforeEach(() => {
  changed.length = 0;
});

const call = (method: 'GET' | 'POST', url: string, actor?: string, payload?: object) =>
  app.inject({ method, url, ...(actor ? { headers: { 'x-test-actor': actor } } : {}), ...(payload ? { payload } : {}) });

describe('incident API', () => {
  it('opens an incident, shows it in the list, and closes it with a resolving update', async () => {
    const opened = await call('POST', '/api/v1/status-pages/public/incidents', 'editor', {
      title: 'Mirrors slow',
      body: 'Looking into it.',
      impact: 'major',
      components: ['Mirrors'],
    });
    expect(opened.statusCode).toBe(201);
    const post = opened.json() as Post;
    expect(post).toMatchObject({
      page: 'public',
      kind: 'incident',
      title: 'Mirrors slow',
      impact: 'major',
      status: 'investigating',
      components: ['Mirrors'],
      resolvedAt: null,
    });
    expect(changed.map((p) => p.id)).toEqual([post.id]);

    const list = await call('GET', '/api/v1/status-pages/public/incidents', 'viewer');
    expect(list.statusCode).toBe(200);
    expect((list.json() as { incidents: Post[] }).incidents.map((p) => p.title)).toContain('Mirrors slow');

    const resolved = await call('POST', `/api/v1/incidents/${post.id}/updates`, 'editor', { status: 'resolved', body: 'Fixed the **cache**.' });
    expect(resolved.statusCode).toBe(201);
    expect(resolved.json()).toMatchObject({ status: 'resolved', resolvedAt: NOW });
    expect((resolved.json() as Post).updates.map((u) => u.status)).toEqual(['resolved', 'investigating']);
    expect((await call('GET', `/api/v1/incidents/${post.id}`, 'viewer')).json()).toMatchObject({ id: post.id, status: 'resolved' });
  });

  it('records who opened the incident in the audit log', async () => {
    const opened = (await call('POST', '/api/v1/status-pages/public/incidents', 'editor', { title: 'Docs down', body: 'Docs 502.' })).json() as Post;
    const rows = await store.db
      .withTables<{ audit_log: { action: string; target: string; actor_label: string } }>()
      .selectFrom('audit_log')
      .selectAll()
      .execute();
    expect(rows.find((r) => r.target === `incident ${opened.id}`)).toMatchObject({ action: 'incident.open' });
  });

  it('schedules maintenance from ISO times', async () => {
    const response = await call('POST', '/api/v1/status-pages/public/maintenance', 'editor', {
      title: 'Database upgrade',
      body: 'Downloads pause for an hour.',
      starts_at: '2026-05-20T02:00:00Z',
      ends_at: '2026-05-20T03:00:00+00:00',
      components: ['Mirrors'],
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ kind: 'maintenance', status: 'scheduled', startsAt: Date.UTC(2026, 4, 20, 2), endsAt: Date.UTC(2026, 4, 20, 3) });
  });

  it('answers 401 to nobody and 403 to a viewer who tries to write', async () => {
    expect((await call('GET', '/api/v1/status-pages/public/incidents')).statusCode).toBe(401);
    const forbidden = await call('POST', '/api/v1/status-pages/public/incidents', 'viewer', { title: 'x', body: 'y' });
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json()).toEqual({ error: 'this read token cannot make changes' });
  });

  const refusals: [string, string, object, number, RegExp][] = [
    ['an unknown page', '/api/v1/status-pages/nope/incidents', { title: 'x', body: 'y' }, 404, /no status page "nope"; pages: public/],
    [
      'an unknown component',
      '/api/v1/status-pages/public/incidents',
      { title: 'x', body: 'y', components: ['Wiki'] },
      400,
      /page "public" has no component "Wiki"/,
    ],
    ['an empty body', '/api/v1/status-pages/public/incidents', { title: 'x', body: '  ' }, 400, /body body/],
    ['an unknown impact', '/api/v1/status-pages/public/incidents', { title: 'x', body: 'y', impact: 'huge' }, 400, /impact/],
    ['an unknown field', '/api/v1/status-pages/public/incidents', { title: 'x', body: 'y', severity: 1 }, 400, /severity/],
    ['an update to a missing post', '/api/v1/incidents/nope/updates', { status: 'resolved', body: 'y' }, 404, /no incident or maintenance "nope"/],
    [
      'maintenance that ends before it starts',
      '/api/v1/status-pages/public/maintenance',
      { title: 'x', body: 'y', starts_at: '2026-05-20T03:00:00Z', ends_at: '2026-05-20T02:00:00Z' },
      400,
      /must end after it starts/,
    ],
    [
      'a time without a zone',
      '/api/v1/status-pages/public/maintenance',
      { title: 'x', body: 'y', starts_at: '2026-05-20T03:00:00', ends_at: '2026-05-20T04:00:00Z' },
      400,
      /starts_at/,
    ],
  ];
  for (const [what, url, payload, status, message] of refusals) {
    it(`refuses ${what} with ${status} and says why`, async () => {
      const response = await call('POST', url, 'editor', payload);
      expect(response.statusCode).toBe(status);
      expect((response.json() as { error: string }).error).toMatch(message);
      expect(changed).toEqual([]);
    });
  }

  it('refuses an update to a closed incident with 409', async () => {
    const post = (await call('POST', '/api/v1/status-pages/public/incidents', 'editor', { title: 'Blip', body: 'Short.' })).json() as Post;
    await call('POST', `/api/v1/incidents/${post.id}/updates`, 'editor', { status: 'resolved', body: 'Gone.' });
    const again = await call('POST', `/api/v1/incidents/${post.id}/updates`, 'editor', { status: 'monitoring', body: 'Back?' });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toEqual({ error: '"Blip" is already closed; open a new one' });
  });
});

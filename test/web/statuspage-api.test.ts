/** /status/<slug>/api/v2/*.json in Statuspage's documented shapes, field by field. */
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { statuspageRoutes } from '../../src/api/statuspage-routes.js';
import { openIncident, scheduleMaintenance, updatePost } from '../../src/services/incidents.js';
import { createStatusSite } from '../../src/web/status/gather.js';
import { DAY, NOW, statusFixture, type Fixture } from './status-fixture.js';

let f: Fixture;
let app: FastifyInstance;
let site: ReturnType<typeof createStatusSite>;
beforeEach(async () => {
  f = await statusFixture();
  await f.setState('update-center', 'up', NOW - 10 * DAY);
  await f.setState('mirror-a', 'down', NOW - 45 * 60_000);
  await f.setState('mirror-b', 'up', NOW - 10 * DAY);
  site = createStatusSite({ db: f.store.db, now: () => f.clock.now, config: () => f.config, refreshSeconds: 30 });
  app = Fastify();
  await app.register(statuspageRoutes({ cache: site.cache, pageUrl: (slug) => `https://status.example.org/status/${slug}` }));
  await app.ready();
});
afterEach(async () => {
  await app.close();
  await f.close();
});

const ctx = () => ({ db: f.store.db, now: f.clock.now, pages: f.config.status_pages });
const get = async (path: string) => {
  // As the incident routes do after every post (wiring/routes.ts onPost).
  site.cache.invalidate('public');
  const res = await app.inject(`/status/public/api/v2/${path}`);
  expect([path, res.statusCode, res.headers['content-type'], res.headers['access-control-allow-origin']]).toEqual([
    path,
    200,
    'application/json; charset=utf-8',
    '*',
  ]);
  return res.json<Record<string, unknown>>();
};
const iso = (ms: number) => new Date(ms).toISOString();

const PAGE = { id: 'public', name: 'Example CI', url: 'https://status.example.org/status/public', time_zone: 'Etc/UTC', updated_at: iso(NOW - 45 * 60_000) };

describe('the Statuspage API v2', () => {
  it('status.json: the page and an indicator with its description', async () => {
    expect(await get('status.json')).toEqual({ page: PAGE, status: { indicator: 'major', description: 'Partial outage' } });
  });

  it('components.json: every component and group with status, position and timestamps from the store', async () => {
    const { page, components } = await get('components.json');
    expect(page).toEqual(PAGE);
    const common = { description: null, start_date: null, page_id: 'public', only_show_if_degraded: false };
    expect(components).toEqual([
      {
        ...common,
        id: 'update-center',
        name: 'Update center',
        status: 'operational',
        created_at: iso(NOW - 10 * DAY),
        updated_at: iso(NOW - 10 * DAY),
        position: 1,
        showcase: true,
        group_id: null,
        group: false,
      },
      {
        ...common,
        id: 'mirrors',
        name: 'Mirrors',
        status: 'partial_outage',
        created_at: iso(NOW - 10 * DAY),
        updated_at: iso(NOW - 45 * 60_000),
        position: 2,
        showcase: true,
        group_id: 'group-downloads',
        group: false,
      },
      {
        ...common,
        id: 'documentation',
        name: 'Documentation',
        status: 'operational',
        created_at: null,
        updated_at: null,
        position: 3,
        showcase: true,
        group_id: null,
        group: false,
      },
      {
        ...common,
        id: 'group-downloads',
        name: 'Downloads',
        status: 'partial_outage',
        created_at: iso(NOW - 10 * DAY),
        updated_at: iso(NOW - 45 * 60_000),
        position: 4,
        showcase: false,
        group_id: null,
        group: true,
        components: ['mirrors'],
      },
    ]);
  });

  it('keeps the same timestamps when rendered again later', async () => {
    const first = await app.inject('/status/public/api/v2/summary.json');
    f.clock.now += 120_000;
    const fresh = createStatusSite({ db: f.store.db, now: () => f.clock.now, config: () => f.config, refreshSeconds: 30 });
    const later = Fastify();
    await later.register(statuspageRoutes({ cache: fresh.cache, pageUrl: (slug) => `https://status.example.org/status/${slug}` }));
    const second = await later.inject('/status/public/api/v2/summary.json');
    await later.close();
    expect(second.body).toBe(first.body);
  });

  it('incidents.json and incidents/unresolved.json: incidents with updates, monitoring_at and affected components', async () => {
    const opened = await openIncident(ctx(), {
      page: 'public',
      title: 'Mirror A unreachable',
      body: 'Looking into it.',
      impact: 'major',
      components: ['Mirrors'],
    });
    f.clock.now += 60_000;
    await updatePost(ctx(), opened.id, { status: 'monitoring', body: 'A fix is out.' });
    const incident = {
      id: opened.id,
      name: 'Mirror A unreachable',
      status: 'monitoring',
      created_at: iso(NOW),
      updated_at: iso(NOW + 60_000),
      monitoring_at: iso(NOW + 60_000),
      resolved_at: null,
      impact: 'major',
      shortlink: null,
      started_at: iso(NOW),
      page_id: 'public',
      incident_updates: [
        expect.objectContaining({
          status: 'monitoring',
          body: 'A fix is out.',
          incident_id: opened.id,
          created_at: iso(NOW + 60_000),
          display_at: iso(NOW + 60_000),
          deliver_notifications: true,
          custom_tweet: null,
          tweet_id: null,
        }),
        expect.objectContaining({
          status: 'investigating',
          body: 'Looking into it.',
          created_at: iso(NOW),
          affected_components: [{ code: 'mirrors', name: 'Mirrors', old_status: 'partial_outage', new_status: 'partial_outage' }],
        }),
      ],
      components: [{ id: 'mirrors', name: 'Mirrors', status: 'partial_outage', page_id: 'public', group_id: 'group-downloads', group: false }],
    };
    expect((await get('incidents/unresolved.json')).incidents).toEqual([incident]);
    expect((await get('incidents.json')).incidents).toEqual([incident]);
    await updatePost(ctx(), opened.id, { status: 'resolved', body: 'Fixed.' });
    expect((await get('incidents/unresolved.json')).incidents).toEqual([]);
    expect((await get('incidents.json')).incidents).toEqual([
      expect.objectContaining({ id: opened.id, status: 'resolved', resolved_at: iso(NOW + 60_000), monitoring_at: iso(NOW + 60_000) }),
    ]);
  });

  it('scheduled-maintenances.json and summary.json: maintenance with scheduled_for and scheduled_until', async () => {
    const planned = await scheduleMaintenance(ctx(), {
      page: 'public',
      title: 'Mirror upgrade',
      body: 'New disks.',
      components: ['Mirrors'],
      startsAt: NOW + DAY,
      endsAt: NOW + DAY + 3_600_000,
    });
    const { scheduled_maintenances } = await get('scheduled-maintenances.json');
    expect(scheduled_maintenances).toEqual([
      expect.objectContaining({
        id: planned.id,
        name: 'Mirror upgrade',
        status: 'scheduled',
        impact: 'none',
        scheduled_for: iso(NOW + DAY),
        scheduled_until: iso(NOW + DAY + 3_600_000),
      }),
    ]);
    const summary = await get('summary.json');
    expect(Object.keys(summary)).toEqual(['page', 'components', 'incidents', 'scheduled_maintenances', 'status']);
    expect(summary.scheduled_maintenances).toEqual(scheduled_maintenances);
    expect(summary.status).toEqual({ indicator: 'major', description: 'Partial outage' });
  });

  it('answers 404 for an unknown page or document', async () => {
    expect((await app.inject('/status/nope/api/v2/summary.json')).statusCode).toBe(404);
    const res = await app.inject('/status/public/api/v2/everything.json');
    expect(res.statusCode).toBe(404);
    expect(res.json<{ error: string }>().error).toContain('expected one of summary.json');
  });
});

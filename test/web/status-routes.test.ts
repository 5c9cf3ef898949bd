import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { gunzipSync } from 'node:zlib';
import { openIncident, updatePost } from '../../src/services/incidents.js';
import { DAY, NOW, PAGE, seedDays, statusFixture, type Fixture } from './status-fixture.js';

let f: Fixture;
beforeEach(async () => {
  f = await statusFixture();
  await seedDays(f.store, 'update-center', 89, { 3: 30 });
  await seedDays(f.store, 'mirror-a', 89);
  await seedDays(f.store, 'mirror-b', 89);
  await f.setState('update-center', 'up', NOW - 10 * DAY);
  await f.setState('mirror-a', 'down', NOW - 45 * 60_000);
  await f.setState('mirror-b', 'up', NOW - 10 * DAY);
});
afterEach(() => f.close());

const ctx = () => ({ db: f.store.db, now: f.clock.now, pages: f.config.status_pages });

describe('the status page', () => {
  it('shows the banner, every component with its state and since when, and 90 bars each', async () => {
    const res = await f.app.inject('/status/public');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    const html = res.body;
    expect(html).toContain('<h2 id="banner-h">Partial outage</h2>');
    expect(html).toMatch(/<h3>Mirrors<\/h3><span class="st s-partial_outage">Partial outage<\/span>/);
    expect(html).toContain('Partial outage since <time datetime="2026-05-12T13:45:00.000Z">12 May 2026 13:45 UTC</time>');
    expect(html).toMatch(/<h3>Documentation<\/h3><span class="st s-unknown">No data yet<\/span>/);
    expect(html).toContain('<h3 class="group">Downloads</h3>');
    expect(html.match(/<ol class="bars"/g)).toHaveLength(3);
    expect(html.match(/<ol class="bars"[^>]*>(.*?)<\/ol>/)?.[1]?.match(/<li/g)).toHaveLength(90);
    expect(html).toContain('title="9 May 2026: 97.92% uptime"');
    expect(html).not.toMatch(/https?:\/\/(?!status\.example)/);
  });

  it('says a component whose checks cannot judge is of unknown status, apart from one not checked yet, as of when', async () => {
    await f.setState('docs', 'unknown', NOW - 60_000);
    const html = (await f.app.inject('/status/public')).body;
    expect(html).toMatch(/<h3>Documentation<\/h3><span class="st s-unknown">Status unknown<\/span>/);
    expect(html).toContain('<p>As of <time datetime="2026-05-12T14:30:00.000Z">');
  });

  it("offers an e-mail subscription form that posts to the page's subscribe route without JavaScript", async () => {
    const html = (await f.app.inject('/status/public')).body;
    expect(html).toContain('<form class="subscribe" method="post" action="public/subscribe">');
    expect(html).toContain('<input id="subscribe-email" name="email" type="email" required');
  });

  it('shows an open incident with its updates, and moves it to the history once resolved', async () => {
    const opened = await openIncident(ctx(), {
      page: 'public',
      title: 'Mirror A unreachable',
      body: 'We are **looking** into it.',
      impact: 'major',
      components: ['Mirrors'],
    });
    let html = (await f.app.inject('/status/public')).body;
    expect(html).toContain('<h2 id="active-h">Active incidents</h2>');
    expect(html).toContain('We are <strong>looking</strong> into it.');
    f.clock.now += 60_000;
    await updatePost(ctx(), opened.id, { status: 'resolved', body: 'The mirror is back.' });
    // The cache notices the post within its check interval.
    f.clock.now += 1_000;
    await f.app.inject('/status/public');
    html = (await f.app.inject('/status/public')).body;
    expect(html).not.toContain('Active incidents');
    expect(html).toContain('Past incidents (14 days)');
    expect(html).toContain('The mirror is back.');
  });

  it('answers a repeat visit with 304 and serves gzip to those who accept it', async () => {
    const first = await f.app.inject('/status/public');
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect((await f.app.inject({ url: '/status/public', headers: { 'if-none-match': etag } })).statusCode).toBe(304);
    const zipped = await f.app.inject({ url: '/status/public', headers: { 'accept-encoding': 'gzip, br' } });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(zipped.rawPayload).toString()).toBe(first.body);
  });

  it('re-renders once a monitor changes, and not before its state does', async () => {
    const before = (await f.app.inject('/status/public')).headers.etag;
    f.clock.now += 2_000;
    await f.app.inject('/status/public');
    expect((await f.app.inject('/status/public')).headers.etag).toBe(before);
    await f.setState('mirror-a', 'up', f.clock.now);
    f.clock.now += 2_000;
    await f.app.inject('/status/public');
    const after = await f.app.inject('/status/public');
    expect(after.headers.etag).not.toBe(before);
    expect(after.body).toContain('All systems operational');
  });

  it('keeps a 20-component page under 50 kB', async () => {
    const components = Array.from({ length: 20 }, (_, i) => ({ name: `Service ${i + 1}`, monitors: [`svc-${i}`] }));
    const big = await statusFixture({ pages: [{ ...PAGE, slug: 'big', components }] });
    try {
      for (let i = 0; i < 20; i++) await seedDays(big.store, `svc-${i}`, 89, { [i + 1]: 5 });
      const res = await big.app.inject('/status/big');
      expect(res.body.length).toBeLessThan(50_000);
    } finally {
      await big.close();
    }
  });

  it('says which page does not exist', async () => {
    const res = await f.app.inject('/status/nope');
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: 'no status page "nope"' });
  });

  it('serves its own stylesheet and script', async () => {
    const css = await f.app.inject('/status-assets/status.css');
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(css.body).toContain('prefers-color-scheme:dark');
    expect((await f.app.inject('/status-assets/status.js')).body).toContain('DOMParser');
  });
});

describe('the JSON summary', () => {
  it('follows Statuspage summary.json: page, status indicator, components and incidents', async () => {
    await openIncident(ctx(), { page: 'public', title: 'Slow mirrors', body: 'Looking', impact: 'minor', components: ['Mirrors'] });
    f.clock.now += 2_000;
    const res = await f.app.inject('/status/public.json');
    expect(res.headers['access-control-allow-origin']).toBe('*');
    const body = res.json();
    expect(body.page).toMatchObject({ id: 'public', name: 'Example CI', url: 'https://status.example.org/status/public' });
    expect(body.status).toEqual({ indicator: 'major', description: 'Partial outage' });
    expect(body.components.find((c: { id: string }) => c.id === 'mirrors')).toMatchObject({
      status: 'partial_outage',
      group_id: 'group-downloads',
      since: '2026-05-12T13:45:00.000Z',
    });
    expect(body.components.find((c: { id: string }) => c.id === 'group-downloads')).toMatchObject({ group: true, components: ['mirrors'] });
    expect(body.incidents).toHaveLength(1);
    expect(body.incidents[0]).toMatchObject({ name: 'Slow mirrors', status: 'investigating', impact: 'minor', components: [{ id: 'mirrors' }] });
    expect(body.incidents[0].incident_updates[0]).toMatchObject({ status: 'investigating', body: 'Looking' });
    expect(body.scheduled_maintenances).toEqual([]);
  });
});

describe('badges', () => {
  it('shows the status of a monitor that is on a page', async () => {
    const res = await f.app.inject('/badge/mirror-a/status.svg');
    expect(res.headers['content-type']).toBe('image/svg+xml');
    expect(res.body).toContain('aria-label="status: down"');
  });

  it('shows uptime over the asked days', async () => {
    const res = await f.app.inject('/badge/update-center/uptime.svg?days=7');
    // The last 7 × 24 h: six whole days rolled up (one with 30 failures of 1440) and the part of the
    // seventh that is in the window, which has no results here (the fixture keeps no raw ones).
    expect(res.body).toContain('aria-label="uptime 7d: 99.65%"');
  });

  it('refuses monitors on no page and impossible day counts', async () => {
    expect((await f.app.inject('/badge/secret-db/status.svg')).statusCode).toBe(404);
    expect((await f.app.inject('/badge/update-center/uptime.svg?days=400')).statusCode).toBe(400);
  });
});

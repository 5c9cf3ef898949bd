/**
 * The public status page says where a component is failing when its monitors run in several
 * locations ("Down in west · Up in east, local"), in Chromium, and gives no check's words away.
 */
import { existsSync } from 'node:fs';
import Fastify, { type FastifyInstance } from 'fastify';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statusRoutes } from '../../src/api/status-routes.js';
import type { RecordedResult } from '../../src/engine/engine.js';
import type { MonitorConfig, StatusPageConfig } from '../../src/schema/config.js';
import { LocationResults } from '../../src/services/location-results.js';
import { migrate } from '../../src/store/migrate.js';
import type { Store } from '../../src/store/open.js';
import { upsertStates } from '../../src/store/state.js';
import { createStatusSite } from '../../src/web/status/gather.js';
import { sqliteStore } from '../store/dialects.js';

const CHROMIUM = '/usr/bin/chromium';
const NOW = Date.UTC(2026, 4, 12, 14, 30);
const SECRET_TARGET = 'build-7.internal.example:8443';

const monitors: MonitorConfig[] = [
  { id: 'api', interval: 60_000, locations: ['local', 'east', 'west'], quorum: 'any' } as MonitorConfig,
  { id: 'api-health', interval: 60_000, locations: ['east', 'west'], quorum: 'all' } as MonitorConfig,
];
const PAGE: StatusPageConfig = {
  slug: 'public',
  title: 'Example CI',
  components: [
    { name: 'Build API', monitors: ['api', 'api-health'] },
    { name: 'Documentation', monitors: ['docs'] },
  ],
};

describe.skipIf(!existsSync(CHROMIUM))('per-location state on the public status page', () => {
  let store: Store;
  let cleanup: () => Promise<void>;
  let app: FastifyInstance;
  let browser: Browser;
  let base = '';
  let locations: LocationResults;
  // Moved on by the test: the page is revalidated once a second of this clock has passed.
  let now = NOW;
  const result = (monitorId: string, location: string, status: 'up' | 'down'): RecordedResult => ({
    monitorId,
    at: NOW - 5000,
    missed: 0,
    location,
    result: { status, latencyMs: 5, message: status === 'down' ? `connect to ${SECRET_TARGET} timed out after 5 s` : 'HTTP 200', timings: {} },
  });

  beforeAll(async () => {
    ({ store, cleanup } = await sqliteStore());
    await migrate(store.db);
    locations = new LocationResults({
      clock: { now: () => now },
      monitor: (id) => monitors.find((m) => m.id === id),
      record: () => undefined,
      history: () => undefined,
    });
    locations.accept(result('api', 'local', 'up'));
    locations.accept(result('api', 'east', 'up'));
    locations.accept(result('api', 'west', 'down'));
    locations.accept(result('api-health', 'east', 'up'));
    locations.accept(result('api-health', 'west', 'down'));
    const state = (monitorId: string, status: 'up' | 'down') => ({
      monitorId,
      status,
      since: NOW - 600_000,
      lastAt: NOW - 5000,
      lastStatus: status,
      lastMessage: `down from west (connect to ${SECRET_TARGET} timed out after 5 s)`,
      lastLatencyMs: 5,
      updatedAt: NOW,
    });
    await upsertStates(store.db, [state('api', 'down'), state('api-health', 'up'), state('docs', 'up')]);
    const config = { status_pages: [PAGE], maintenance: [], server: {} };
    const site = createStatusSite({ db: store.db, now: () => now, config: () => config, locationStates: (id) => locations.views(id) });
    app = Fastify();
    await app.register(statusRoutes({ ...site, publicUrl: () => undefined }));
    base = await app.listen({ host: '127.0.0.1', port: 0 });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking'] });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await store?.close();
    await cleanup?.();
  });

  it('shows which locations see the component down, and nothing for a monitor of one place', async () => {
    for (const [width, name] of [
      [1024, 'status-locations.png'],
      [360, 'status-locations-360.png'],
    ] as const) {
      const page = await browser.newPage({ viewport: { width, height: 700 } });
      await page.goto(`${base}/status/public`);
      const api = page.locator('li.c', { hasText: 'Build API' });
      await expect.poll(() => api.locator('.where').innerText()).toBe('Down in west · Up in east, local');
      expect(await page.locator('li.c', { hasText: 'Documentation' }).locator('.where').count()).toBe(0);
      await page.screenshot({ path: `screenshots/${name}`, fullPage: true });
      expect(await page.content()).not.toContain(SECRET_TARGET);
      await page.close();
    }
  });

  it('renders again when only a location changes', async () => {
    locations.accept({ ...result('api', 'west', 'up'), at: NOW - 4000 });
    locations.accept({ ...result('api-health', 'west', 'up'), at: NOW - 4000 });
    // A few seconds of the page's clock, all inside one minute: only the locations' fingerprint can
    // make it render again (the minute would too).
    const where = async (wanted: RegExp) => {
      let seen: string | undefined;
      for (let i = 0; i < 4 && !wanted.test(seen ?? ''); i++) {
        now += 1100;
        await fetch(`${base}/status/public`);
        await new Promise((resolve) => setTimeout(resolve, 100));
        seen = /<p class="where">(.*?)<\/p>/.exec(await (await fetch(`${base}/status/public`)).text())?.[1];
      }
      return seen;
    };
    expect(Math.floor((now + 8 * 1100) / 60_000)).toBe(Math.floor(NOW / 60_000));
    expect(await where(/^<span class="ls-up">Up in east, local, west<\/span>$/)).toBe('<span class="ls-up">Up in east, local, west</span>');
    locations.accept({ ...result('api', 'west', 'down'), at: NOW - 3000 });
    locations.accept({ ...result('api-health', 'west', 'down'), at: NOW - 3000 });
    expect(await where(/Down in west/)).toContain('Down in west');
  });

  it('gives the same in the JSON summary, names and statuses only', async () => {
    const body = await (await fetch(`${base}/status/public.json`)).text();
    expect(body).not.toContain(SECRET_TARGET);
    const summary = JSON.parse(body) as { components: Array<{ name: string; locations?: unknown }> };
    expect(summary.components.find((c) => c.name === 'Build API')?.locations).toEqual([
      { name: 'west', status: 'down' },
      { name: 'east', status: 'up' },
      { name: 'local', status: 'up' },
    ]);
    expect(summary.components.find((c) => c.name === 'Documentation')).not.toHaveProperty('locations');
  });
});

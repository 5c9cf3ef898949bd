/**
 * The static status export (`tocsin status export`, `export_every`) shows where a component is
 * failing as the live page does: each location's name and status, read from the store, never a
 * check's words (targets, internal errors).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { exportPage } from '../../src/engine/status-export.js';
import type { MonitorConfig, StatusPageConfig } from '../../src/schema/config.js';
import { saveLocationStates } from '../../src/store/location-state.js';
import { migrate } from '../../src/store/migrate.js';
import type { Store } from '../../src/store/open.js';
import { sqliteStore } from '../store/dialects.js';

const NOW = Date.UTC(2026, 4, 12, 14, 0);
const SECRET = 'connect to 10.0.0.5:5432 timed out';
const page: StatusPageConfig = {
  slug: 'public',
  title: 'Public',
  components: [
    { name: 'Web', monitors: ['web'] },
    { name: 'Mail', monitors: ['mail'] },
  ],
};
const monitors = [
  { id: 'web', interval: 60_000, locations: ['east', 'west', 'local'], quorum: 'any' },
  { id: 'mail', interval: 60_000 },
] as MonitorConfig[];

let store: Store | undefined;
let dir = '';
let cleanup = async () => {};
afterEach(async () => {
  await store?.close();
  await cleanup();
  if (dir) await rm(dir, { recursive: true, force: true });
});

it('names each location and its status, and nothing of what the checks said', async () => {
  ({ store, cleanup } = await sqliteStore());
  await migrate(store.db);
  dir = await mkdtemp(join(tmpdir(), 'tocsin-export-locations-'));
  await saveLocationStates(
    store.db,
    [
      { monitorId: 'web', location: 'east', status: 'down', at: NOW - 10_000, message: SECRET },
      { monitorId: 'web', location: 'west', status: 'up', at: NOW - 10_000, message: 'HTTP 200 from https://internal.example/' },
      // Quiet for longer than 2 × interval + 30 s: counts as no recent result.
      { monitorId: 'web', location: 'local', status: 'up', at: NOW - 200_000, message: 'HTTP 200' },
    ],
    NOW,
  );
  await exportPage({ db: store.db, now: NOW, maintenance: [], monitors }, page, dir);
  const json = JSON.parse(await readFile(join(dir, 'status.json'), 'utf8')) as { components: Array<{ name: string; locations?: unknown }> };
  expect(json.components.find((c) => c.name === 'Web')?.locations).toEqual([
    { name: 'east', status: 'down' },
    { name: 'local', status: 'unknown' },
    { name: 'west', status: 'up' },
  ]);
  expect(json.components.find((c) => c.name === 'Mail')).not.toHaveProperty('locations');
  const html = await readFile(join(dir, 'index.html'), 'utf8');
  expect(html).toContain('Down in east');
  expect(html).toContain('Up in west');
  for (const name of ['index.html', 'status.json', 'feed.rss', 'feed.atom']) {
    const body = await readFile(join(dir, name), 'utf8');
    expect(body, name).not.toContain('10.0.0.5');
    expect(body, name).not.toContain('internal.example');
  }
});

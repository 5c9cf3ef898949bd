/** A migrated SQLite store with a status page's worth of states, rollups and posts, and an app serving it. */
import Fastify, { type FastifyInstance } from 'fastify';
import { setMeta } from '../../src/store/meta.js';
import { writeRollups } from '../../src/store/rollups.js';
import { statusRoutes } from '../../src/api/status-routes.js';
import type { Status } from '../../src/core/types.js';
import type { MaintenanceConfig, StatusPageConfig } from '../../src/schema/config.js';
import { createStatusSite } from '../../src/web/status/gather.js';
import { migrate } from '../../src/store/migrate.js';
import type { Store } from '../../src/store/open.js';
import { upsertStates } from '../../src/store/state.js';
import { sqliteStore } from '../store/dialects.js';

export const DAY = 86_400_000;
export const NOW = Date.UTC(2026, 4, 12, 14, 30);

export const PAGE: StatusPageConfig = {
  slug: 'public',
  title: 'Example CI',
  description: 'Builds, mirrors and docs',
  components: [
    { name: 'Update center', monitors: ['update-center'] },
    { name: 'Mirrors', monitors: ['mirror-a', 'mirror-b'], group: 'Downloads' },
    { name: 'Documentation', monitors: ['docs'] },
  ],
};

export interface Fixture {
  store: Store;
  app: FastifyInstance;
  clock: { now: number };
  config: { status_pages: StatusPageConfig[]; maintenance: MaintenanceConfig[]; server: { public_url?: string } };
  setState(id: string, status: Status, since: number): Promise<void>;
  close(): Promise<void>;
}

export async function statusFixture(options: { refreshSeconds?: number; pages?: StatusPageConfig[] } = {}): Promise<Fixture> {
  const { store, cleanup } = await sqliteStore();
  await migrate(store.db);
  const clock = { now: NOW };
  const config = { status_pages: options.pages ?? [PAGE], maintenance: [] as MaintenanceConfig[], server: { public_url: 'https://status.example.org' } };
  const site = createStatusSite({ db: store.db, now: () => clock.now, config: () => config, refreshSeconds: options.refreshSeconds ?? 30 });
  // The routes alone, apart from buildApp's other dependencies, which other parts of tocsin own.
  const app = Fastify();
  await app.register(statusRoutes({ ...site, publicUrl: () => config.server.public_url }));
  await app.ready();
  return {
    store,
    app,
    clock,
    config,
    setState: (id, status, since) =>
      upsertStates(store.db, [
        { monitorId: id, status, since, lastAt: clock.now - 1000, lastStatus: status, lastMessage: '', lastLatencyMs: 10, updatedAt: clock.now },
      ]),
    async close() {
      await app.close();
      await store.close();
      await cleanup();
    },
  };
}

/** `days` of daily rollups ending yesterday: all up except the listed days ago, which had `down` failed runs. */
export async function seedDays(store: Store, monitorId: string, days: number, failures: Record<number, number> = {}): Promise<void> {
  const today = NOW - (NOW % DAY);
  const rows = Array.from({ length: days }, (_, i) => {
    const ago = i + 1;
    const down = failures[ago] ?? 0;
    return {
      monitorId,
      period: 'day' as const,
      bucket: today - ago * DAY,
      count: 1440,
      up: 1440 - down,
      degraded: 0,
      down,
      latencyP50: 12,
      latencyP95: 30,
      latencyMax: 90,
    };
  });
  await writeRollups(store.db, rows);
  // As rollUp() leaves them: every day before today is rolled up (readers trust rollups only below this).
  await setMeta(store.db, 'rollups.day.watermark', String(today));
}

import type { FastifyInstance } from 'fastify';
import { buildApp } from './api/app.js';
import { statusRoutes } from './api/status-routes.js'; // status pages (K)
import { isPolled, runMonitorCheck } from './checks/registry.js';
import { assessHealth, type Health } from './core/health.js';
import { Engine } from './engine/engine.js';
import { Housekeeping } from './engine/housekeeping.js';
import { ResultWriter } from './engine/result-writer.js';
import { StateTracker } from './engine/state-tracker.js';
import { readConfig, databaseUrl } from './cli/config-file.js';
import type { Clock } from './lib/clock.js';
import { systemClock } from './lib/clock.js';
import type { Logger } from './lib/logger.js';
import type { Config, MonitorConfig } from './schema/config.js';
import { persistBatch, storedStatuses } from './services/record-results.js';
import { createStatusSite } from './services/status-pages.js'; // status pages (K)
import { syncMonitors } from './services/sync-monitors.js';
import { watchReloads } from './services/reload.js';
import { migrate } from './store/migrate.js';
import { openStore, type Store } from './store/open.js';

export interface StartOptions {
  configPath: string;
  env: NodeJS.ProcessEnv;
  logger: Logger;
  clock?: Clock;
  /** Overrides server.listen ("127.0.0.1:0" in tests). */
  listen?: string;
}

export interface Tocsin {
  app: FastifyInstance;
  store: Store;
  engine: Engine<MonitorConfig>;
  /** "127.0.0.1:8080" as actually bound. */
  address: string;
  reload(options?: { allowDeletions?: boolean }): Promise<void>;
  stop(): Promise<void>;
  // watchdog (M): what /healthz reports and the config in force, for the supervisor link and the dead man's switch.
  health(): Health;
  config(): Config;
}

/** The composition root: build every dependency once and wire them together. */
export async function startTocsin(options: StartOptions): Promise<Tocsin> {
  const { logger, env } = options;
  const clock = options.clock ?? systemClock;
  let config = await readConfig(options.configPath, env);
  const store = await openStore(databaseUrl(config, env));
  const applied = await migrate(store.db);
  if (applied.length > 0) logger.info({ migrations: applied }, `applied ${applied.length} database migrations`);

  const tracker = new StateTracker(logger);
  tracker.seed(await storedStatuses(store.db));
  const writer = new ResultWriter(persistBatch(store.db), logger);
  const engine = new Engine<MonitorConfig>({
    clock,
    logger,
    runCheck: runMonitorCheck,
    isPolled,
    record: (recorded) => writer.add(recorded, tracker.apply(recorded)),
  });
  const housekeeping = new Housekeeping(store.db, clock, logger, () => config.retention);
  const startedAt = clock.now();

  async function applyConfig(next: Config, allowDeletions: boolean): Promise<void> {
    const monitors = await syncMonitors(store.db, next.monitors, { allowDeletions, now: clock.now(), logger });
    config = next;
    engine.setMonitors(monitors);
    tracker.forget(new Set(monitors.map((m) => m.id)));
  }

  await applyConfig(config, false);
  // One health for /healthz, the supervisor link and the dead man's switch (watchdog, M).
  const health = () => assessHealth(healthInputs(engine, writer, config, startedAt, clock.now()));
  const app = buildApp({
    logger,
    health,
  });
  const { host, port } = options.listen ? splitListen(options.listen) : config.server.listen;
  // status pages (K): public pages, feeds and badges, served from a cache re-rendered when states or posts change.
  const statusSite = createStatusSite({ db: store.db, now: () => clock.now(), config: () => config, onError: (slug, error) => logger.warn({ err: error, slug }, 'status page could not be refreshed; serving the last one') });
  await app.register(statusRoutes({ ...statusSite, publicUrl: () => config.server.public_url }));
  const bound = await app.listen({ host, port });
  engine.start();
  writer.start();
  housekeeping.start();
  logger.info(`tocsin is checking ${engine.stats().scheduled} monitors; listening on ${bound}`);

  const tocsin: Tocsin = {
    app,
    store,
    engine,
    address: new URL(bound).host,
    // watchdog (M)
    health,
    config: () => config,
    async reload({ allowDeletions = false } = {}) {
      try {
        await applyConfig(await readConfig(options.configPath, env), allowDeletions);
        logger.info(`configuration reloaded: ${engine.stats().scheduled} monitors scheduled`);
      } catch (error) {
        logger.error(`configuration not reloaded; still running the previous one.\n${(error as Error).message}`);
      }
    },
    async stop() {
      stopWatchingReloads();
      engine.stop();
      housekeeping.stop();
      await app.close();
      await engine.drain(5000);
      await writer.stop();
      await store.close();
    },
  };
  const stopWatchingReloads = watchReloads(store.db, clock.now(), () => tocsin.reload());
  return tocsin;
}

function healthInputs(engine: Engine<MonitorConfig>, writer: ResultWriter, config: Config, startedAt: number, now: number) {
  const stats = engine.stats();
  const writes = writer.stats();
  const polled = config.monitors.filter((m) => isPolled(m) && !m.paused);
  return {
    now,
    startedAt,
    scheduled: stats.scheduled,
    resultEvery: polled.length ? Math.min(...polled.map((m) => m.interval + m.timeout)) : 0,
    lastResultAt: stats.lastResultAt,
    lagP99: stats.lag.p99,
    lastWriteOkAt: writes.lastWriteOkAt,
    lastWriteError: writes.lastWriteError,
    pendingWrites: writes.pending,
    stallAfter: config.watchdog.stall_after,
  };
}

function splitListen(listen: string): { host: string; port: number } {
  const at = listen.lastIndexOf(':');
  return { host: listen.slice(0, at).replace(/^\[(.*)\]$/, '$1'), port: Number(listen.slice(at + 1)) };
}

import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { ackRoutes } from './api/ack.js';
import { buildApp } from './api/app.js';
import { registerAuth } from './api/auth/plugin.js'; // auth (L1)
import { registerMetrics, TocsinMetrics } from './api/metrics.js'; // API (L2)
import { EventHub, registerApi, type ApiDeps } from './api/routes/index.js'; // API (L2)
import { statusRoutes } from './api/status-routes.js'; // status pages (K)
import { registerIncidentRoutes } from './api/routes/incidents.js'; // incidents, subscriptions, export (K2)
import { subscribeRoutes } from './api/subscribe-routes.js'; // K2
import { defaultExportRoot, StatusExporter } from './engine/status-export.js'; // K2
import { SubscriberDelivery } from './engine/subscriber-delivery.js'; // K2
import { registerPingRoutes } from './api/ping.js'; // heartbeats (H)
import { isPolled, runMonitorCheck } from './checks/registry.js';
import { builtinSelfMonitors } from './checks/self/builtin.js'; // self-monitoring (M2)
import { createSelfCheck } from './checks/self/check.js'; // self-monitoring (M2)
import { dataDirOf, EngineFigures, expectedPerMinute } from './checks/self/source.js'; // self-monitoring (M2)
import { assessHealth, type Health } from './core/health.js';
import { Engine, type RecordedResult } from './engine/engine.js';
import { channelSender } from './engine/channel-sender.js'; // delivery (J1)
import { DeliveryWorker } from './engine/delivery.js'; // delivery (J1)
import { HeartbeatEvaluator } from './engine/heartbeats.js'; // heartbeats (H)
import { Housekeeping } from './engine/housekeeping.js';
import { ResultWriter } from './engine/result-writer.js';
import { StateTracker } from './engine/state-tracker.js';
import { readConfig, databaseUrl } from './cli/config-file.js';
import type { Clock } from './lib/clock.js';
import { systemClock } from './lib/clock.js';
import type { Logger } from './lib/logger.js';
import type { Config, MonitorConfig } from './schema/config.js';
import { ackLinks } from './services/ack-links.js';
import { InboundAlerts } from './services/inbound-alerts.js'; // API (L2)
import { loadApiMonitors } from './services/monitors-api.js'; // API (L2)
import { Alerting } from './services/alerting.js';
import { persistBatch, storedStatuses } from './services/record-results.js';
import { createStatusSite } from './services/status-pages.js'; // status pages (K)
import { gatheringAfterDowntime } from './services/downtime/start.js'; // downtime digest (M2)
import { linkSecret, listAlertStates } from './store/alert-state.js';
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
  /** API (L2): what the /api/v1 routes run on, for tests that mount them beside the real app. */
  api: ApiDeps;
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
  // delivery (J1): the outbox worker, nudged after every flush that may have written notifications
  // (the 500 ms poll catches the rest), so a deciding result reaches the receiver well under a second.
  const delivery = new DeliveryWorker({ db: store.db, clock, logger, channels: () => config.channels, fallback: () => config.fallback, send: channelSender() });
  const persist = persistBatch(store.db);
  // downtime digest (M2): after tocsin's own downtime, state changes of the first minute go out as one digest per channel.
  const polledIntervals = config.monitors.filter((m) => isPolled(m) && !m.paused).map((m) => m.interval);
  const gathering = await gatheringAfterDowntime({ db: store.db, clock, logger, env, intervals: polledIntervals, onFolded: () => delivery.nudge() });
  const writer = new ResultWriter(async (batch) => {
    await persist(gathering.hold(batch)); // downtime digest (M2): held rows are written with the state change, due at the fold
    delivery.nudge(); // delivery (J1)
  }, logger);
  // alerting (J2): every result passes the alert state machine; the confirmed status, the alert
  // state and the notifications it causes are written with the result, in one transaction.
  const linkSigningSecret = await linkSecret(store.db, () => randomBytes(32).toString('base64url'));
  let listeningUrl = '';
  const alerting = new Alerting({
    clock,
    logger,
    db: store.db,
    tracker,
    writer,
    links: () => ({ baseUrl: config.server.public_url ?? listeningUrl, secret: linkSigningSecret }),
  });
  alerting.seed(await listAlertStates(store.db));
  // API (L2): every result also feeds /metrics; inbound alerts (Alertmanager, webhook) take the alerting path.
  const metrics = new TocsinMetrics({
    now: () => clock.now(),
    token: () => metricsToken(config),
    monitors: () => active,
    statuses: async () => new Map(active.flatMap((m) => { const s = tracker.get(m.id); return s ? [[m.id, s.status] as const] : []; })),
    engine: () => engine.stats(),
    outbox: () => delivery.stats(),
    channels: () => Object.keys(config.channels),
  });
  const record = (recorded: RecordedResult) => {
    metrics.observe(recorded);
    alerting.record(recorded);
  };
  const inbound = new InboundAlerts({ db: store.db, clock, logger, config: () => config, record, onMonitorsChanged: () => alerting.configure(config, [...active, ...inbound.monitors()]) });
  await inbound.load();
  let active: MonitorConfig[] = [];
  const engine = new Engine<MonitorConfig>({
    clock,
    logger,
    runCheck: runMonitorCheck,
    isPolled,
    record, // API (L2): metrics, then alerting
  });
  // self-monitoring (M2): tocsin's own figures as built-in monitors (tocsin-self-<metric>), alerted through the same
  // policies. They run beside the engine they measure, so they neither count in its figures nor wait in its queue.
  const dataDir = dataDirOf(databaseUrl(config, env));
  const selfCheck = createSelfCheck(new EngineFigures({
    now: () => clock.now(),
    checksCompleted: () => engine.stats().checksCompleted,
    expectedPerMinute: () => expectedPerMinute(active.filter((m) => m.type !== 'self'), isPolled),
    lagP99Ms: () => engine.stats().lag.p99,
    outbox: () => delivery.stats(),
    writes: () => writer.stats(),
    dataDir,
  }));
  const selfEngine = new Engine<MonitorConfig>({
    clock,
    logger,
    runCheck: (monitor, ctx) => (monitor.type === 'self' ? selfCheck.run(monitor.settings, ctx) : runMonitorCheck(monitor, ctx)),
    isPolled,
    record,
  });
  const housekeeping = new Housekeeping(store.db, clock, logger, () => config.retention);
  const startedAt = clock.now();
  // heartbeats (H): pushed monitors, judged on their deadlines and on every ping, recorded like polled results.
  const heartbeats = new HeartbeatEvaluator({ db: store.db, clock, logger, startedAt, record, defaults: () => config.defaults, retention: () => config.retention.raw });
  await heartbeats.loadProvisioned(); // heartbeats (H)

  async function applyConfig(next: Config, allowDeletions: boolean): Promise<void> {
    configured = await syncMonitors(store.db, next.monitors, { allowDeletions, now: clock.now(), logger });
    config = next;
    await activate();
  }

  // API (L2): config monitors plus API-created ones (stored, so they survive restarts); called again after every API write.
  let configured: MonitorConfig[] = [];
  async function activate(): Promise<void> {
    const builtin = builtinSelfMonitors({ defaults: config.defaults, hasDataDir: dataDir !== undefined, hasBackups: false }); // self-monitoring (M2)
    const monitors = [...configured, ...(await loadApiMonitors(store.db, new Set(configured.map((m) => m.id))))];
    active = [...monitors, ...builtin];
    engine.setMonitors(monitors);
    selfEngine.setMonitors(builtin); // self-monitoring (M2)
    await heartbeats.setMonitors(monitors); // heartbeats (H)
    alerting.configure(config, [...active, ...inbound.monitors()]); // alerting (J2); inbound monitors (L2); self (M2)
    tracker.forget(new Set([...active, ...inbound.monitors()].map((m) => m.id)));
  }

  await applyConfig(config, false);
  // One health for /healthz, the supervisor link and the dead man's switch (watchdog, M).
  const health = () => assessHealth({ ...healthInputs(engine, writer, config, startedAt, clock.now()), outbox: delivery.stats() }); // outbox: delivery (J1)
  const app = buildApp({
    logger,
    health,
  });
  // auth (L1): sessions, tokens, users and the audit log; its hook must run before every /api/v1 route below.
  const auth = registerAuth(app, { db: store.db, clock, logger, publicUrl: () => config.server.public_url });
  // API (L2): /api/v1 resources, OpenAPI, SSE and /metrics.
  const api: ApiDeps = {
    db: store.db,
    clock,
    config: () => config,
    monitors: () => active,
    alertState: (id) => alerting.stateOf(id),
    onMonitorsChanged: activate,
    events: new EventHub({ db: store.db }),
    inbound,
  };
  registerApi(app, api);
  registerMetrics(app, metrics);
  registerPingRoutes(app, { sink: heartbeats, clock, pingKey: () => config.server.ping_key, autoCreate: () => config.server.ping_auto_create });
  // alerting (J2): the signed acknowledge links of notifications.
  await app.register(ackRoutes, ackLinks({
    db: store.db,
    clock,
    secret: linkSigningSecret,
    monitor: (id) => alerting.ackTarget(id),
    applyNow: (now) => alerting.acks.applyNow(now),
  }));
  const { host, port } = options.listen ? splitListen(options.listen) : config.server.listen;
  // status pages (K): public pages, feeds and badges, served from a cache re-rendered when states or posts change.
  const statusSite = createStatusSite({ db: store.db, now: () => clock.now(), config: () => config, onError: (slug, error) => logger.warn({ err: error, slug }, 'status page could not be refreshed; serving the last one') });
  await app.register(statusRoutes({ ...statusSite, publicUrl: () => config.server.public_url }));
  // K2: incident API and public subscriptions; a post re-renders its page and wakes subscriber delivery.
  const subscribers = new SubscriberDelivery({ db: store.db, clock, logger, channels: () => config.channels, baseUrl: () => config.server.public_url ?? listeningUrl });
  const pages = () => config.status_pages;
  registerIncidentRoutes(app, { db: store.db, now: () => clock.now(), pages, onChange: (post) => { statusSite.cache.invalidate(post.page); subscribers.nudge(); } });
  await app.register(subscribeRoutes({ db: store.db, now: () => clock.now(), pages, onQueued: () => subscribers.nudge() }));
  const exporter = new StatusExporter({ db: store.db, clock, logger, config: () => config, root: defaultExportRoot(databaseUrl(config, env)) }); // K2: export_every
  const bound = await app.listen({ host, port });
  listeningUrl = bound; // alerting (J2): links point here when server.public_url is not set
  engine.start();
  selfEngine.start(); // self-monitoring (M2)
  heartbeats.start(); // heartbeats (H)
  writer.start();
  delivery.start(); // delivery (J1)
  gathering.start(); // downtime digest (M2)
  alerting.start(); // alerting (J2)
  housekeeping.start();
  subscribers.start(); // K2
  exporter.start(); // K2
  logger.info(`tocsin is checking ${engine.stats().scheduled} monitors; listening on ${bound}`);
  await auth.announceSetup(config.server.public_url ?? bound); // auth (L1): the one-time setup link, when no user exists

  const tocsin: Tocsin = {
    app,
    store,
    engine,
    address: new URL(bound).host,
    // watchdog (M)
    health,
    config: () => config,
    api, // API (L2)
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
      selfEngine.stop(); // self-monitoring (M2)
      heartbeats.stop(); // heartbeats (H)
      housekeeping.stop();
      alerting.stop(); // alerting (J2)
      gathering.stop(); // downtime digest (M2)
      await app.close();
      await Promise.all([engine.drain(5000), selfEngine.drain(5000)]); // self-monitoring (M2)
      await writer.stop();
      await delivery.stop(); // delivery (J1): attempts in flight finish (each has a deadline) and are recorded
      await subscribers.stop(); // K2
      await exporter.stop(); // K2
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

/** API (L2): server.metrics_token, read defensively: the server schema (not ours to edit) has to name it first. */
function metricsToken(config: Config): string | undefined {
  const token = (config.server as Record<string, unknown>).metrics_token;
  return typeof token === 'string' && token.length > 0 ? token : undefined;
}

function splitListen(listen: string): { host: string; port: number } {
  const at = listen.lastIndexOf(':');
  return { host: listen.slice(0, at).replace(/^\[(.*)\]$/, '$1'), port: Number(listen.slice(at + 1)) };
}

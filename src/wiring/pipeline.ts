import { randomBytes } from 'node:crypto';
import { TocsinMetrics } from '../api/metrics.js';
import type { OwnDatabase } from '../checks/db/own-database.js';
import { isPolled, runMonitorCheck } from '../checks/registry.js';
import type { CheckContext } from '../checks/types.js';
import { builtinSelfMonitors } from '../checks/self/builtin.js';
import { createSelfCheck } from '../checks/self/check.js';
import { dataDirOf, EngineFigures, expectedPerMinute } from '../checks/self/source.js';
import { assessHealth, type Health } from '../core/health.js';
import { databaseUrl } from '../cli/config-file.js';
import { channelSender } from '../engine/channel-sender.js';
import { DeliveryWorker } from '../engine/delivery.js';
import { Engine, type RecordedResult } from '../engine/engine.js';
import type { RunningChecks } from '../engine/heartbeat-ipc.js';
import { HeartbeatEvaluator } from '../engine/heartbeats.js';
import { Housekeeping } from '../engine/housekeeping.js';
import { ResultWriter } from '../engine/result-writer.js';
import { StateTracker } from '../engine/state-tracker.js';
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import type { Config, MonitorConfig } from '../schema/config.js';
import { Alerting } from '../services/alerting.js';
import { gatheringAfterDowntime } from '../services/downtime/start.js';
import { InboundAlerts } from '../services/inbound-alerts.js';
import { mergeApiResources } from '../services/api-resources.js';
import { loadApiMonitors } from '../services/monitors-api.js';
import { heldMonitors, quarantineResult } from '../services/quarantine.js';
import { persistBatch, storedStatuses } from '../services/record-results.js';
import { syncMonitors } from '../services/sync-monitors.js';
import { linkSecret, listAlertStates } from '../store/alert-state.js';
import { listApiResources } from '../store/api-resources.js';
import type { Db } from '../store/schema.js';
import { healthInputs } from './health-inputs.js';

export interface PipelineOptions {
  db: Db;
  clock: Clock;
  logger: Logger;
  env: NodeJS.ProcessEnv;
  config: Config;
  /** tocsin's own store, which SQL probes refuse; undefined on SQLite. */
  ownDatabase?: OwnDatabase;
  /** Told when each check starts and settles (the supervisor link). */
  running?: RunningChecks;
}

/**
 * Everything between a check and a page: engines, heartbeats, alerting, the
 * batched writer, the outbox worker, metrics and housekeeping, wired once.
 * Every result — polled, pushed, self or inbound — takes one path: metrics,
 * then the alert state machine, then one transaction with its notifications.
 */
export async function buildPipeline(options: PipelineOptions) {
  const { db, clock, logger, env } = options;
  let config = options.config;
  /** tocsin.yaml as read, before the API's channels, policies and windows are merged in. */
  let fileConfig = options.config;
  let configured: MonitorConfig[] = [];
  let active: MonitorConfig[] = [];
  /** Monitors held back after freezing the engine, as of the last activation. */
  let quarantined = new Set<string>();
  let baseUrl = '';
  const startedAt = clock.now();

  const tracker = new StateTracker(logger);
  tracker.seed(await storedStatuses(db));
  const delivery = new DeliveryWorker({ db, clock, logger, channels: () => config.channels, fallback: () => config.fallback, send: channelSender() });
  // After tocsin's own downtime, the first state changes go out as one digest per channel, not a storm.
  const polledIntervals = config.monitors.filter((m) => isPolled(m) && !m.paused).map((m) => m.interval);
  const gathering = await gatheringAfterDowntime({ db, clock, logger, env, intervals: polledIntervals, onFolded: () => delivery.nudge() });
  const persist = persistBatch(db);
  // The worker is nudged after every flush (its poll catches the rest): a deciding result reaches the receiver well under a second.
  const writer = new ResultWriter(async (batch) => {
    await persist(gathering.hold(batch));
    delivery.nudge();
  }, logger);
  const secret = await linkSecret(db, () => randomBytes(32).toString('base64url'));
  const alerting = new Alerting({ clock, logger, db, tracker, writer, links: () => ({ baseUrl: config.server.public_url ?? baseUrl, secret }) });
  alerting.seed(await listAlertStates(db));

  const metrics = new TocsinMetrics({
    now: () => clock.now(),
    token: () => config.server.metrics_token,
    monitors: () => active,
    statuses: async () => new Map(active.flatMap((m) => (tracker.get(m.id) ? [[m.id, tracker.get(m.id)!.status] as const] : []))),
    engine: () => engine.stats(),
    outbox: () => delivery.stats(),
    channels: () => Object.keys(config.channels),
  });
  const record = (recorded: RecordedResult) => {
    metrics.observe(recorded);
    alerting.record(recorded);
  };
  const inbound = new InboundAlerts({ db, clock, logger, config: () => config, record, onMonitorsChanged: () => alerting.configure(config, [...active, ...inbound.monitors()]) });
  await inbound.load();
  const runCheck = (monitor: MonitorConfig, ctx: CheckContext) => runMonitorCheck(monitor, { ...ctx, ownDatabase: options.ownDatabase });
  const engine = new Engine<MonitorConfig>({ clock, logger, runCheck, isPolled, record, running: options.running });

  // Self monitors run on an engine of their own beside the one they measure, so they neither count in its figures nor wait in its queue.
  const dataDir = dataDirOf(databaseUrl(config, env));
  const selfCheck = createSelfCheck(
    new EngineFigures({
      now: () => clock.now(),
      checksCompleted: () => engine.stats().checksCompleted,
      expectedPerMinute: () => expectedPerMinute(active.filter((m) => m.type !== 'self'), isPolled),
      lagP99Ms: () => engine.stats().lag.p99,
      outbox: () => delivery.stats(),
      writes: () => writer.stats(),
      dataDir,
    }),
  );
  const selfEngine = new Engine<MonitorConfig>({
    clock,
    logger,
    runCheck: (monitor, ctx) => (monitor.type === 'self' ? selfCheck.run(monitor.settings, ctx) : runCheck(monitor, ctx)),
    isPolled,
    record,
    running: options.running,
  });
  const heartbeats = new HeartbeatEvaluator({ db, clock, logger, startedAt, record, defaults: () => config.defaults, retention: () => config.retention.raw });
  await heartbeats.loadProvisioned();
  const housekeeping = new Housekeeping(db, clock, logger, () => config.retention);

  /** Config monitors plus API-created ones (stored, so they survive restarts) and the built-in self monitors. */
  async function activate(): Promise<void> {
    const builtin = builtinSelfMonitors({ defaults: config.defaults, hasDataDir: dataDir !== undefined, hasBackups: false });
    const monitors = [...configured, ...(await loadApiMonitors(db, new Set(configured.map((m) => m.id))))];
    const held = await heldMonitors(db, monitors);
    active = [...monitors, ...builtin];
    engine.setMonitors(monitors.filter((m) => !held.has(m.id)));
    selfEngine.setMonitors(builtin);
    await heartbeats.setMonitors(monitors);
    alerting.configure(config, [...active, ...inbound.monitors()]);
    tracker.forget(new Set([...active, ...inbound.monitors()].map((m) => m.id)));
    // A monitor newly held back says so in its state, once: it will not report anything else.
    for (const [id, quarantine] of held) {
      if (!quarantined.has(id)) record({ monitorId: id, at: clock.now(), result: quarantineResult(quarantine), missed: 0 });
    }
    quarantined = new Set(held.keys());
  }

  const pipeline = {
    db,
    engine,
    heartbeats,
    alerting,
    delivery,
    metrics,
    inbound,
    linkSecret: secret,
    ownDatabase: options.ownDatabase,
    record,
    activate,
    config: () => config,
    active: () => active,
    /** Where links point when server.public_url is not set: the address tocsin listens on. */
    setBaseUrl: (url: string) => void (baseUrl = url),
    baseUrl: () => config.server.public_url ?? baseUrl,
    fileConfig: () => fileConfig,
    async apply(next: Config, allowDeletions: boolean): Promise<void> {
      configured = await syncMonitors(db, next.monitors, { allowDeletions, now: clock.now(), logger });
      fileConfig = next;
      config = mergeApiResources(next, await listApiResources(db), (r, problem) => logger.warn(`API ${r.kind} ${r.id} is not in use: ${problem}`));
      await activate();
    },
    /** After an API change to channels, policies or windows: the same apply, with the file as last read. */
    resourcesChanged: () => pipeline.apply(fileConfig, false),
    /** One health for /healthz, the supervisor link and the dead man's switch. */
    health: (): Health => assessHealth({ ...healthInputs(engine, writer, config, startedAt, clock.now()), outbox: delivery.stats() }),
    start(): void {
      engine.start();
      selfEngine.start();
      heartbeats.start();
      writer.start();
      delivery.start();
      gathering.start();
      alerting.start();
      housekeeping.start();
    },
    /** Stops every timer first, then lets checks in flight finish and writes what they produced. */
    async stop(beforeDrain: () => Promise<void>): Promise<void> {
      for (const timer of [engine, selfEngine, heartbeats, housekeeping, alerting, gathering]) timer.stop();
      await beforeDrain();
      await Promise.all([engine.drain(5000), selfEngine.drain(5000)]);
      await writer.stop();
      // Attempts in flight finish (each has a deadline) and are recorded.
      await delivery.stop();
    },
  };
  return pipeline;
}

export type Pipeline = Awaited<ReturnType<typeof buildPipeline>>;

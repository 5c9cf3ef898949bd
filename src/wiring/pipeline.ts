import { randomBytes } from 'node:crypto';
import { TocsinMetrics } from '../api/metrics.js';
import { defaultRenderContext } from '../channels/types.js';
import type { OwnDatabase } from '../checks/db/own-database.js';
import { isPolled, runMonitorCheck } from '../checks/registry.js';
import type { CheckContext } from '../checks/types.js';
import { builtinSelfMonitors } from '../checks/self/builtin.js';
import { createSelfCheck } from '../checks/self/check.js';
import { dataDirOf, EngineFigures, expectedPerMinute } from '../checks/self/source.js';
import { assessHealth, type Health } from '../core/health.js';
import { probeTargetPolicy } from '../core/targets/policy.js';
import { databaseUrl } from '../config/file.js';
import { channelSender } from '../engine/channel-sender.js';
import { DeliveryWorker } from '../engine/delivery.js';
import { LastResort } from '../engine/delivery-last-resort.js';
import { Engine, type RecordedResult } from '../engine/engine.js';
import type { RunningChecks } from '../engine/heartbeat-ipc.js';
import { HeartbeatEvaluator } from '../engine/heartbeats.js';
import { Housekeeping } from '../engine/housekeeping.js';
import { ResultWriter } from '../engine/result-writer.js';
import { StateTracker } from '../engine/state-tracker.js';
import { targetKey } from '../engine/target-key.js';
import { timersOf } from '../engine/timers.js';
import { runWithDeadline } from '../engine/deadline.js';
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import type { Config, MonitorConfig } from '../schema/config.js';
import { Alerting } from '../services/alerting.js';
import { retryPolicyOf } from '../services/alert-policy.js';
import { gatheringAfterDowntime } from '../services/downtime/start.js';
import { InboundAlerts } from '../services/inbound-alerts.js';
import { IncidentAuto } from '../services/incident-auto.js';
import { mergeApiResources, NOUN, storedResource, type StoredApiResource } from '../services/api-resources.js';
import { withStoredOverrides } from '../services/oncall.js';
import type { ObjectProblem } from '../services/object-problems.js';
import { loadApiMonitors, unreadableResult } from '../services/monitors-api.js';
import { heldMonitors, quarantineResult } from '../services/quarantine.js';
import { persistBatch, storedStatuses } from '../services/record-results.js';
import { syncConfig, type SyncOptions } from '../services/sync-monitors.js';
import { withBackupThresholds } from '../backup/age.js';
import { lastVerifiedBackupAt } from '../backup/schedule.js';
import { linkSecret, readAlertStates } from '../store/alert-state.js';
import { listApiResources } from '../store/api-resources.js';
import { ciJobSource } from '../store/ci-jobs.js';
import type { Db } from '../store/schema.js';
import { DAY_MS } from '../core/status-page.js';
import { uptimePercent } from '../core/uptime.js';
import { staleWhileRefresh } from '../lib/stale-while-refresh.js';
import { uptimeCounts } from '../store/uptime.js';
import { uptimeWorkerFor, THREAD_FROM as UPTIME_THREAD_FROM } from '../store/uptime-worker.js';
import { housekeepingWorkerFor, THREAD_FROM as HOUSEKEEPING_THREAD_FROM } from '../store/housekeeping-worker.js';
import { housekeep } from '../store/housekeep.js';
import { resultStoreWorkerFor } from '../services/result-store-worker.js';
import { CheckThreads, checkThreadsBuilt } from '../services/check-threads.js';
import { oneInstanceAtATime } from '../store/cluster.js';
import { healthInputs } from './health-inputs.js';
import { AgentDefinitions } from '../engine/agent-definitions.js';
import { lastSeenByLocation } from '../services/agent-tokens.js';
import { AgentWatch } from '../engine/agent-watch.js';
import { LocationResults } from '../services/location-results.js';
import { deleteLocationStates, readLocationStates, readLocationStatesOf, readLocationStatesSince, saveLocationStates } from '../store/location-state.js';
import { readAlertStatesOf } from '../store/upstream-states.js';
import { shareCommonParts } from './shared-parts.js';

/** Monitors whose 24 h uptime /metrics counts in one go before yielding to checks. */
const UPTIME_IDS_PER_TURN = 500;

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
  /** Cluster mode: nothing is checked until the first lease turn says what this instance holds (setOwned). */
  cluster?: boolean;
  /** Cluster mode: this instance's name (the gathering after a downtime is one for the cluster). */
  instance?: string;
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
  /** API monitors whose stored definitions do not decode, as of the last activation; API resources the last apply left out. */
  let unreadable = new Set<string>();
  let resourceProblems: ObjectProblem[] = [];
  let baseUrl = '';
  const startedAt = clock.now();
  /** Cluster mode: the monitors this instance holds a lease on; undefined, all of them (one instance per store). */
  let owned: ReadonlySet<string> | undefined = options.cluster ? new Set() : undefined;
  /** Cluster mode: whether the leases of the last turn still run by this clock (src/engine/cluster.ts leaseValid). */
  let leaseValid = () => true;
  const mine = (id: string) => owned === undefined || (owned.has(id) && leaseValid());
  /** Whether alerting here decides the monitor: inbound alerts and monitors nobody shares stay with whoever has them. */
  const judges = (id: string) => mine(id) || !shared.has(id);
  /** Ids of `active` and the agent watches, which a cluster shares (kept in cluster mode only: 33 bytes a monitor). */
  let shared = new Set<string>();
  /** While activating after a lease turn: the monitors just gained, checked by their last result + interval. */
  let takenOver: ReadonlySet<string> | undefined;

  const tracker = new StateTracker(logger);
  tracker.seed(await storedStatuses(db));
  // server.probe_targets, compiled once per config: every check and every delivery asks it.
  let targets = probeTargetPolicy(config.server.probe_targets);
  const ciJobs = ciJobSource(db, clock, logger);
  const runCheck = (monitor: MonitorConfig, ctx: CheckContext) =>
    runMonitorCheck(monitor, { ...ctx, targets, ownDatabase: options.ownDatabase, rdap: config.server.rdap, ciJobs });
  // HTTP and TCP checks of a large install run on threads beside this one (services/check-threads.ts).
  const checkThreads = checkThreadsBuilt
    ? new CheckThreads({
        logger,
        targets: config.server.probe_targets,
        runHere: (monitor) => runWithDeadline((ctx) => runCheck(monitor, ctx), monitor.timeout, timersOf(clock)),
      })
    : undefined;
  const channels = () => config.channels;
  const fallback = () => config.fallback;
  const send = channelSender(defaultRenderContext, {}, () => targets);
  // When the store refuses writes, people are paged from what the writer holds in memory.
  const lastResort: LastResort = new LastResort({ db, clock, logger, channels, fallback, send, held: () => writer.held() });
  const delivery = new DeliveryWorker({ db, clock, logger, channels, fallback, send, store: lastResort });
  // After tocsin's own downtime, the first state changes go out as one digest per channel, not a storm.
  const polledIntervals = config.monitors.filter((m) => isPolled(m) && !m.paused).map((m) => m.interval);
  const gathering = await gatheringAfterDowntime({
    db,
    clock,
    logger,
    env,
    intervals: polledIntervals,
    onFolded: () => delivery.nudge(),
    ...(options.instance !== undefined ? { instance: options.instance } : {}),
  });
  // Large batches of a SQLite file are written on a thread of their own (services/result-store-worker.ts).
  const resultStoreWorker = resultStoreWorkerFor(databaseUrl(options.config, env), persistBatch(db));
  const persist = resultStoreWorker?.persist ?? persistBatch(db);
  // The worker is nudged after every flush (its poll catches the rest): a deciding result reaches the receiver well under a second.
  const writer: ResultWriter = new ResultWriter(
    async (batch) => {
      await persist(gathering.hold(batch));
      delivery.nudge();
    },
    logger,
    { store: lastResort },
  );
  const secret = await linkSecret(db, () => randomBytes(32).toString('base64url'));
  const incidents: IncidentAuto = new IncidentAuto({
    db,
    logger,
    rules: () => config.incidents?.open ?? [],
    monitor: (id) => alerting.monitorOf(id),
    dependsOn: () => alerting.dependencies(),
  });
  const alerting = new Alerting({
    clock,
    logger,
    db,
    tracker,
    writer,
    incidents,
    links: () => ({ baseUrl: config.server.public_url ?? baseUrl, secret }),
    holds: (id) => judges(id),
  });
  const stored = await readAlertStates(db);
  alerting.seed(stored.states);
  alerting.reportBrokenStates(stored.broken);

  const uptimeWorker = uptimeWorkerFor(databaseUrl(options.config, env));
  // The same figure as the status page and the API (store/uptime.ts), recomputed at most once a minute.
  // On a SQLite file of 1,000 monitors or more it is counted on a worker thread (store/uptime-worker.ts);
  // if that fails the series are left out until the next count, never carried stale. Otherwise
  // counted 500 monitors at a time with a turn of the loop between.
  const uptime24h = staleWhileRefresh(
    async () => {
      const [from, to] = [clock.now() - DAY_MS, clock.now() + 1];
      const ids = active.map((m) => m.id);
      if (uptimeWorker && ids.length >= UPTIME_THREAD_FROM) {
        return uptimeWorker.percents(ids, from, to).catch((error: unknown) => {
          logger.warn({ err: error }, `uptime for /metrics could not be counted, left out until the next count: ${String(error)}`);
          return new Map<string, number | null>();
        });
      }
      const percents = new Map<string, number | null>();
      for (let i = 0; i < ids.length; i += UPTIME_IDS_PER_TURN) {
        if (i > 0) await new Promise((resolve) => setImmediate(resolve));
        for (const [id, c] of await uptimeCounts(db, ids.slice(i, i + UPTIME_IDS_PER_TURN), from, to)) percents.set(id, uptimePercent(c));
      }
      return percents;
    },
    60_000,
    () => clock.now(),
    (error) => logger.warn({ err: error }, `uptime for /metrics could not be computed: ${String(error)}`),
  );
  /** The latest 24 h uptime counted: a scrape never waits for a count (the first at 100,000 monitors takes seconds). */
  let uptimeCounted: ReadonlyMap<string, number | null> | undefined;
  const metrics = new TocsinMetrics({
    now: () => clock.now(),
    token: () => config.server.metrics_token,
    monitors: () => active,
    status: (id) => tracker.get(id)?.status,
    uptime24h: () => {
      void uptime24h().then((counted) => (uptimeCounted = counted ?? uptimeCounted));
      return Promise.resolve(uptimeCounted);
    },
    engine: () => engine.stats(),
    outbox: () => delivery.stats(),
    channels: () => Object.keys(config.channels),
  });
  const record = (recorded: RecordedResult) => {
    metrics.observe(recorded);
    alerting.record(recorded);
  };
  // Monitors of several locations: their results meet in the quorum before alerting (issue 21).
  let activeById = new Map<string, MonitorConfig>();
  const locations = new LocationResults({
    clock,
    monitor: (id) => activeById.get(id),
    record,
    // A replayed or late location result: stored as history, with the monitor's state as it is (its holder's to write).
    history: (recorded) =>
      judges(recorded.monitorId) ? writer.add(recorded, tracker.get(recorded.monitorId) ?? tracker.apply(recorded)) : writer.add(recorded),
    // Cluster mode: an agent's result for a monitor held elsewhere is stored here and judged by its holder (catchUp).
    holds: (id) => judges(id),
    unjudged: (recorded) => writer.add(recorded),
    store: {
      read: () => readLocationStates(db),
      save: (rows) => saveLocationStates(db, rows, clock.now()),
      forget: (ids) => deleteLocationStates(db, ids),
      since: (since, limit) => readLocationStatesSince(db, since, limit),
      of: (ids) => readLocationStatesOf(db, ids),
    },
    warn: (message) => logger.warn(message),
  });
  await locations.load();
  const agentPollMs = agentPollPeriod(env);
  const agentWatch = new AgentWatch({
    clock,
    config: () => config,
    monitors: () => active,
    record,
    missingAfter: 3 * agentPollMs,
    lastSeen: () => lastSeenByLocation(db),
    shared: options.cluster === true,
  });
  await agentWatch.load();
  const agentDefinitions = new AgentDefinitions(() => active, agentPollMs, timersOf(clock));
  const inbound = new InboundAlerts({
    db,
    clock,
    logger,
    config: () => config,
    record,
    onMonitorsChanged: () =>
      alerting.configure(config, [...active.filter((m) => mine(m.id)), ...inbound.monitors(), ...agentWatch.watchMonitors().filter((m) => mine(m.id))]),
  });
  await inbound.load();
  const lastResultAt = (id: string) => tracker.get(id)?.lastAt;
  const engine = new Engine<MonitorConfig>({
    clock,
    logger,
    runCheck,
    runElsewhere: (monitor, at) => checkThreads?.run(monitor, at),
    leadOf: (monitor) => checkThreads?.leadOf(monitor) ?? 0,
    isPolled,
    record: (recorded) => locations.accept(recorded),
    targetOf: targetKey,
    maxTargetRate: () => config.server.max_target_rate,
    minInterval: () => config.server.min_interval,
    lastResultAt,
    running: options.running,
    retryOf: retryPolicyOf,
  });

  // Self monitors run on an engine of their own beside the one they measure, so they neither count in its figures nor wait in its queue.
  const dataDir = dataDirOf(databaseUrl(config, env));
  const selfCheck = createSelfCheck(
    new EngineFigures({
      now: () => clock.now(),
      checksCompleted: () => engine.stats().checksCompleted,
      expectedPerMinute: () =>
        expectedPerMinute(
          // Monitors run only by probe agents are not this engine's to run.
          active.filter((m) => m.type !== 'self' && runsLocally(m)),
          isPolled,
        ),
      lagP99Ms: () => engine.stats().lag.p99,
      outbox: () => delivery.stats(),
      writes: () => writer.stats(),
      dataDir,
      lastBackupAt: () => lastVerifiedBackupAt(db),
    }),
  );
  const selfEngine = new Engine<MonitorConfig>({
    clock,
    logger,
    runCheck: (monitor, ctx) => (monitor.type === 'self' ? selfCheck.run(monitor.settings, ctx) : runCheck(monitor, ctx)),
    isPolled,
    record,
    lastResultAt,
    running: options.running,
  });
  // Every instance takes pings (they are stored, so they count wherever they land); only the holder judges them.
  const heartbeats = new HeartbeatEvaluator({
    db,
    clock,
    logger,
    startedAt,
    record: (result) => {
      if (mine(result.monitorId)) record(result);
    },
    retention: () => config.retention.raw,
  });
  let leads = () => true;
  // On a SQLite file of a large install each round runs on a thread of its own (store/housekeeping-worker.ts).
  const housekeepingWorker = housekeepingWorkerFor(databaseUrl(options.config, env));
  const housekeeping = new Housekeeping(
    (now, retention) =>
      housekeepingWorker && active.length >= HOUSEKEEPING_THREAD_FROM ? housekeepingWorker.run(now, retention) : housekeep(db, now, retention),
    clock,
    logger,
    () => config.retention,
    undefined,
    () => leads(),
  );

  /** Config monitors plus API-created ones (stored, so they survive restarts) and the built-in self monitors. */
  async function activate(): Promise<void> {
    const builtin = withBackupThresholds(
      builtinSelfMonitors({ defaults: config.defaults, hasDataDir: dataDir !== undefined, hasBackups: config.backup !== undefined }),
      config.backup,
    );
    const api = await loadApiMonitors(db, new Set(configured.map((m) => m.id)), config.defaults.alert);
    const monitors = shareCommonParts([...configured, ...api.monitors]);
    const held = await heldMonitors(db, monitors);
    await turn();
    active = [...monitors, ...builtin];
    activeById = new Map(active.map((m) => [m.id, m]));
    locations.retain(new Set(activeById.keys()));
    if (options.cluster) shared = new Set([...active, ...agentWatch.watchMonitors()].map((m) => m.id));
    const local = monitors.filter((m) => !held.has(m.id) && runsLocally(m) && mine(m.id));
    checkThreads?.plan(local);
    engine.setMonitors(local, takenOver);
    agentDefinitions.changed();
    selfEngine.setMonitors(
      builtin.filter((m) => mine(m.id)),
      takenOver,
    );
    await turn();
    await heartbeats.setMonitors(monitors);
    // Alert states change only where the monitor is held: another instance's monitors are not judged here.
    alerting.configure(config, [...active.filter((m) => mine(m.id)), ...inbound.monitors(), ...agentWatch.watchMonitors().filter((m) => mine(m.id))]);
    await turn();
    await incidents.refresh();
    tracker.forget(new Set([...active, ...inbound.monitors(), ...agentWatch.watchMonitors()].map((m) => m.id)));
    // A monitor newly held back says so in its state, once: it will not report anything else.
    for (const [id, quarantine] of held) {
      if (!quarantined.has(id)) record({ monitorId: id, at: clock.now(), result: quarantineResult(quarantine), missed: 0 });
    }
    quarantined = new Set(held.keys());
    // An unreadable stored monitor is not run, and says so: in its own state once, in the log and to the fallback channels.
    for (const { id, problem } of api.unreadable) {
      if (!unreadable.has(id)) record({ monitorId: id, at: clock.now(), result: unreadableResult(problem), missed: 0 });
    }
    unreadable = new Set(api.unreadable.map((u) => u.id));
    alerting.reportStoredProblems([...resourceProblems, ...api.unreadable.map(({ id, problem }) => ({ kind: 'API monitor', id, problem }))]);
  }

  const pipeline = {
    db,
    engine,
    heartbeats,
    alerting,
    incidents,
    delivery,
    metrics,
    inbound,
    linkSecret: secret,
    ownDatabase: options.ownDatabase,
    record,
    activate,
    /** Probe agents: what each location runs, the results they post, the per-location view of a monitor. */
    agents: {
      definitions: agentDefinitions,
      contact: (location: string, at: number) => agentWatch.contact(location, at),
      lastContact: (location: string) => agentWatch.lastContact(location),
      accept: (recorded: RecordedResult) => locations.accept(recorded),
      views: (monitorId: string) => locations.views(monitorId),
    },
    /** Every monitor id a cluster shares: configured, API-created and built-in self monitors. */
    shareable: () => [...shared],
    /**
     * Cluster mode: run and judge only `held`. Monitors newly held start from what the store says
     * (alert state, last result, so the next check is scheduled from it): nothing is replayed.
     */
    async setOwned(held: ReadonlySet<string>, gained: readonly string[]): Promise<void> {
      if (gained.length > 0) {
        const wanted = new Set(gained);
        tracker.seed((await storedStatuses(db)).filter((s) => wanted.has(s.monitorId)));
        const stored = await readAlertStates(db);
        alerting.seed(stored.states.filter((s) => wanted.has(s.monitorId)));
        alerting.reportBrokenStates(stored.broken.filter((b) => wanted.has(b.monitorId)));
      }
      owned = new Set(held);
      // Agents may have posted the monitors' results to other instances: each location's stored row.
      if (gained.length > 0) await locations.takeOver(gained);
      takenOver = new Set(gained);
      try {
        await activate();
      } finally {
        takenOver = undefined;
      }
    },
    /** Cluster mode, every lease turn: weigh the location states other instances stored for the monitors held here. */
    clusterTurn: async () => {
      await locations.catchUp();
      // depends_on across instances: the upstreams held elsewhere, as their holders last stored them.
      const elsewhere = new Set(
        Object.values(alerting.dependencies())
          .flat()
          .filter((id) => !judges(id)),
      );
      if (elsewhere.size > 0) alerting.upstreamsRead(await readAlertStatesOf(db, [...elsewhere]));
    },
    /** Cluster mode: housekeeping runs only while this says so (one instance holds its lease). */
    setLeader: (fn: () => boolean) => void (leads = fn),
    /** Cluster mode: monitors count as this instance's only while this says its leases run. */
    setLeaseCheck: (fn: () => boolean) => void (leaseValid = fn),
    config: () => config,
    active: () => active,
    /** Where links point when server.public_url is not set: the address tocsin listens on. */
    setBaseUrl: (url: string) => void (baseUrl = url),
    baseUrl: () => config.server.public_url ?? baseUrl,
    fileConfig: () => fileConfig,
    /** `resources`: the API's channels, policies, windows and pages to merge, when not the store's (a write tries them first). */
    async apply(
      next: Config,
      allowDeletions: boolean,
      resources?: readonly StoredApiResource[],
      sync: Pick<SyncOptions, 'onRefusal' | 'actor'> = {},
    ): Promise<void> {
      // The one sync path (services/sync-monitors.ts); a refused plan throws and the running config stays.
      const syncing = (on: Db) => syncConfig(on, next, { allowDeletions, now: clock.now(), logger, ...sync });
      // Instances starting together would each plan to add the same monitors: in a cluster they sync one at a time.
      const synced = options.cluster ? await oneInstanceAtATime(db, syncing) : await syncing(db);
      configured = synced.monitors;
      fileConfig = synced;
      const unusable: ObjectProblem[] = [];
      const merged = mergeApiResources(synced, resources ?? (await listApiResources(db)).map(storedResource), (r, problem) =>
        unusable.push({ kind: `API ${NOUN[r.kind]}`, id: r.id, problem }),
      );
      config = await withStoredOverrides(db, merged, clock.now());
      targets = probeTargetPolicy(config.server.probe_targets);
      checkThreads?.setTargets(config.server.probe_targets);
      resourceProblems = unusable;
      await activate();
    },
    /** After an API change to channels, policies or windows: the same apply, with the file as last read. */
    resourcesChanged: (resources?: readonly StoredApiResource[]) => pipeline.apply(fileConfig, false, resources),
    /** One health for /healthz, the supervisor link and the dead man's switch. */
    health: (): Health => assessHealth({ ...healthInputs(engine, writer, alerting, config, startedAt, clock.now()), outbox: delivery.stats() }),
    start(): void {
      engine.start();
      selfEngine.start();
      heartbeats.start();
      writer.start();
      delivery.start();
      lastResort.start();
      gathering.start();
      alerting.start();
      housekeeping.start();
      agentWatch.start(Math.min(agentPollMs, 15_000));
    },
    /** Stops every timer first, then lets checks in flight finish and writes what they produced. */
    async stop(beforeDrain: () => Promise<void>): Promise<void> {
      for (const timer of [engine, selfEngine, heartbeats, housekeeping, alerting, gathering, agentWatch]) timer.stop();
      agentDefinitions.close();
      await beforeDrain();
      await Promise.all([engine.drain(5000), selfEngine.drain(5000)]);
      await writer.stop();
      await incidents.settled();
      // Attempts in flight finish (each has a deadline) and are recorded.
      await Promise.all([delivery.stop(), lastResort.stop()]);
      await uptimeWorker?.close();
      await housekeepingWorker?.close();
      await resultStoreWorker?.close();
      checkThreads?.close();
    },
  };
  return pipeline;
}

export type Pipeline = Awaited<ReturnType<typeof buildPipeline>>;

/** Between the steps of activating 100,000 monitors, checks and the supervisor's heartbeat get their turn. */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Monitors whose locations leave out `local` run only on probe agents. */
function runsLocally(monitor: MonitorConfig): boolean {
  return monitor.locations === undefined || monitor.locations.includes('local');
}

/** How long an agent's long poll waits (TOCSIN_AGENT_POLL_MS, 1–60 s; default 20 s); an agent quiet for 3 of them is missing. */
function agentPollPeriod(env: NodeJS.ProcessEnv): number {
  const given = Number(env.TOCSIN_AGENT_POLL_MS);
  return Number.isInteger(given) && given >= 1000 && given <= 60_000 ? given : 20_000;
}

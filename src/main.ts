import type { FastifyInstance } from 'fastify';
import { buildApp } from './api/app.js';
import type { ApiDeps } from './api/routes/index.js';
import { databaseUrl } from './config/file.js';
import { announceEngineUrl } from './services/ack-nudge.js';
import { readConfigFile } from './services/config-file-facts.js';
import type { Health } from './core/health.js';
import type { Engine } from './engine/engine.js';
import type { RunningChecks } from './engine/heartbeat-ipc.js';
import { BEAT_EVERY, InstanceHeartbeat, thisInstance, type InstanceIdentity } from './engine/instance-heartbeat.js';
import { ClusterMembership } from './engine/cluster.js';
import { renewEveryOf } from './schema/cluster.js';
import { clusterInstances } from './store/cluster.js';
import type { Clock } from './lib/clock.js';
import { systemClock } from './lib/clock.js';
import { explainListenError } from './lib/listen-error.js';
import type { Logger } from './lib/logger.js';
import type { Config, MonitorConfig } from './schema/config.js';
import { readOwnDatabase } from './services/own-database.js';
import { quarantineMonitors } from './services/quarantine.js';
import { watchReloads } from './services/reload.js';
import { migrate } from './store/migrate.js';
import { openStore, type Store } from './store/open.js';
import { acquireRunnerLock, type RunnerLock } from './store/runner-lock.js';
import { sqliteFileError } from './store/sqlite-file.js';
import { buildPipeline, type Pipeline } from './wiring/pipeline.js';
import { BackupSchedule } from './backup/schedule.js';
import { registerRoutes } from './wiring/routes.js';

export interface StartOptions {
  configPath: string;
  env: NodeJS.ProcessEnv;
  logger: Logger;
  clock?: Clock;
  /** Overrides server.listen ("127.0.0.1:0" in tests). */
  listen?: string;
  /** Told when each check starts and settles (the supervisor link). */
  running?: RunningChecks;
  /** Monitors the supervisor found running at two freezes in a row: held back before any check runs. */
  quarantine?: { ids: string[]; reason: string };
}

export interface Tocsin {
  app: FastifyInstance;
  store: Store;
  engine: Engine<MonitorConfig>;
  /** Cluster mode only: the leases this instance holds. */
  cluster?: ClusterMembership;
  /** "127.0.0.1:8080" as actually bound. */
  address: string;
  reload(options?: { allowDeletions?: boolean }): Promise<void>;
  stop(): Promise<void>;
  /** What /healthz reports, for the supervisor link and the dead man's switch. */
  health(): Health;
  config(): Config;
  /** What the /api/v1 routes run on, for tests that mount them beside the real app. */
  api: ApiDeps;
}

/** The composition root: the store, the pipeline from checks to pages, and the HTTP surface. */
export async function startTocsin(options: StartOptions): Promise<Tocsin> {
  const config = await readConfigFile(options.configPath, options.env);
  const identity = instanceIdentity(config);
  // Before the store is even opened: a second runner must change nothing. Cluster instances share the lock, and refuse a single runner beside them.
  const lock = await acquireRunnerLock(databaseUrl(config, options.env), identity, options.logger, { shared: config.cluster?.enabled === true });
  try {
    return await startHolding(options, config, lock, identity);
  } catch (error) {
    await lock.release();
    throw error;
  }
}

async function startHolding(options: StartOptions, config: Config, lock: RunnerLock, identity: InstanceIdentity): Promise<Tocsin> {
  const { logger, env } = options;
  const clock = options.clock ?? systemClock;
  const store = await openMigrated(databaseUrl(config, env), logger);
  if (options.quarantine) {
    const held = await quarantineMonitors(store.db, options.quarantine.ids, options.quarantine.reason, clock.now());
    if (held.length > 0)
      logger.error({ quarantine: held }, `quarantined ${held.join(', ')}: running at two engine freezes in a row; not checked until edited or released`);
  }

  const ownDatabase = await readOwnDatabase(store.db, databaseUrl(config, env), logger);
  const cluster = config.cluster?.enabled ? config.cluster : undefined;
  const clustered = cluster !== undefined;
  const pipeline = await buildPipeline({
    db: store.db,
    clock,
    logger,
    env,
    config,
    ownDatabase,
    running: options.running,
    cluster: clustered,
    ...(clustered ? { instance: identity.name } : {}),
  });
  // Nothing runs yet, so a refused plan still starts: what it would remove keeps running, and the log says why.
  await pipeline.apply(config, false, undefined, { onRefusal: 'keep' });
  let membership: ClusterMembership | undefined;
  const app = buildApp({
    logger,
    health: pipeline.health,
    proxies: config.server,
    refusals: pipeline.metrics,
    ...(clustered ? { cluster: () => clusterHealth(store.db, clock, membership) } : {}),
  });
  const web = await registerRoutes(app, { pipeline, clock, logger, env, configPath: options.configPath, instanceName: identity.name });
  const { host, port } = options.listen ? splitListen(options.listen) : config.server.listen;
  const bound = await app.listen({ host, port }).catch((error: unknown) => {
    throw explainListenError(error, host, port);
  });
  pipeline.setBaseUrl(bound);
  await announceEngineUrl(store.db, bound);
  pipeline.start();
  web.start();
  const backups = new BackupSchedule({
    db: store.db,
    url: databaseUrl(config, env),
    config: () => pipeline.config().backup,
    clock,
    logger,
    // In a cluster one instance makes them: the holder of the backups duty.
    ...(clustered ? { holdsDuty: () => membership?.holdsDuty('backups') === true } : {}),
  });
  await backups.start();
  const renewEvery = cluster ? renewEveryOf(cluster) : BEAT_EVERY;
  // In a cluster the beat is how the others count live instances for their share: at least once a turn.
  const heartbeat = new InstanceHeartbeat({
    db: store.db,
    clock,
    logger,
    identity,
    figures: () => engineFigures(pipeline),
    ...(clustered ? { every: Math.min(BEAT_EVERY, renewEvery) } : {}),
  });
  await heartbeat.start();
  if (cluster) {
    membership = new ClusterMembership({
      db: store.db,
      clock,
      logger,
      name: identity.name,
      leaseTtlMs: cluster.lease_ttl,
      renewEveryMs: renewEvery,
      monitors: () => pipeline.shareable(),
      onHeld: (held, gained) => pipeline.setOwned(held, gained),
      onTurn: () => pipeline.clusterTurn(),
    });
    const held = membership;
    pipeline.setLeader(() => held.leads());
    pipeline.setLeaseCheck(() => held.leaseValid());
    await membership.start();
    logger.info(
      { instance: identity.name, lease_ttl: cluster.lease_ttl, renew_every: renewEvery },
      `cluster mode: ${identity.name} holds ${membership.heldIds().size} monitors`,
    );
  }
  logger.info(`tocsin is checking ${pipeline.engine.stats().scheduled} monitors; listening on ${bound}`);
  await web.announceSetup(pipeline.baseUrl());

  const stopWatchingReloads = watchReloads(store.db, clock.now(), () => reload());
  async function reload({ allowDeletions = false } = {}): Promise<void> {
    try {
      await pipeline.apply(await readConfigFile(options.configPath, env), allowDeletions);
      logger.info(`configuration reloaded: ${pipeline.engine.stats().scheduled} monitors scheduled`);
    } catch (error) {
      logger.error(`configuration not reloaded; still running the previous one.\n${(error as Error).message}`);
    }
  }

  return {
    app,
    store,
    engine: pipeline.engine,
    cluster: membership,
    address: new URL(bound).host,
    health: pipeline.health,
    config: pipeline.config,
    api: web.api,
    reload,
    async stop() {
      stopWatchingReloads();
      await backups.stop();
      await pipeline.stop(() => app.close());
      // After the last check here: the others take the monitors over at their next turn, not after lease_ttl.
      await membership?.stop();
      await web.stop();
      await heartbeat.stop();
      await store.close();
      await lock.release();
    },
  };
}

/** Opens and migrates the store; a SQLite file it creates is a fresh install, said with its path. */
async function openMigrated(url: string, logger: Logger): Promise<Store> {
  const store = await openStore(url);
  if (store.created) logger.info(`no database at ${store.location}: created a new one (a fresh install)`);
  try {
    const applied = await migrate(store.db);
    if (applied.length > 0) logger.info({ migrations: applied }, `applied ${applied.length} database migrations`);
    return store;
  } catch (error) {
    await store.close();
    throw store.dialect === 'sqlite' ? sqliteFileError(error, store.location) : error;
  }
}

function engineFigures(pipeline: Pipeline) {
  const stats = pipeline.engine.stats();
  const health = pipeline.health();
  return {
    checksCompleted: stats.checksCompleted,
    monitorsScheduled: stats.scheduled,
    lastResultAt: stats.lastResultAt ?? null,
    health: health.checks.filter((c) => !c.ok).map(({ name, detail }) => ({ name, detail })),
  };
}

/** Cluster mode names each instance apart (several may run on one host); otherwise the host name, as before. */
function instanceIdentity(config: Config): InstanceIdentity {
  const identity = thisInstance();
  if (!config.cluster?.enabled) return identity;
  return { ...identity, name: config.cluster.instance_name ?? `${identity.host}-${identity.pid}`.slice(0, 63) };
}

/** The cluster as /healthz shows it: this instance's leases and every instance seen lately; a store that does not answer says so. */
async function clusterHealth(db: Store['db'], clock: Clock, membership: ClusterMembership | undefined): Promise<unknown> {
  if (!membership) return { starting: true };
  const self = membership.view();
  try {
    return { ...self, instances: await clusterInstances(db, clock.now(), self.leaseTtlMs) };
  } catch (error) {
    return { ...self, instances_error: (error as Error).message };
  }
}

function splitListen(listen: string): { host: string; port: number } {
  const at = listen.lastIndexOf(':');
  return { host: listen.slice(0, at).replace(/^\[(.*)\]$/, '$1'), port: Number(listen.slice(at + 1)) };
}

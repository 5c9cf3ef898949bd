import { dirname } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { ackRoutes } from '../api/ack.js';
import { registerAckQueue } from '../api/ack-queue.js';
import { registerIncidentsChanged } from '../api/incidents-changed.js';
import { registerAuth } from '../api/auth/plugin.js';
import { registerMetrics } from '../api/metrics.js';
import { registerPingRoutes } from '../api/ping.js';
import { registerAgentRoutes } from '../api/agent-routes.js';
import { registerIncidentRoutes } from '../api/routes/incidents.js';
import { registerCiIntake } from '../api/routes/ci-intake.js';
import { EventHub, registerApi, type ApiDeps } from '../api/routes/index.js';
import { statusRoutes } from '../api/status-routes.js';
import { statuspageRoutes } from '../api/statuspage-routes.js';
import { subscribeRoutes } from '../api/subscribe-routes.js';
import { databaseUrl } from '../config/file.js';
import { defaultExportRoot, StatusExporter } from '../engine/status-export.js';
import { SubscriberDelivery } from '../engine/subscriber-delivery.js';
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import { ackLinks } from '../services/ack-links.js';
import { resumeOnPing } from '../services/ping-resume.js';
import { heartbeatCreator } from '../services/create-heartbeat-by-ping.js';
import { createStatusSite } from '../web/status/gather.js';
import { subscriberTargets } from '../services/subscriptions.js';
import type { Pipeline } from './pipeline.js';
import { configSync } from '../services/config-sync-view.js';

export interface RouteOptions {
  pipeline: Pipeline;
  clock: Clock;
  logger: Logger;
  env: NodeJS.ProcessEnv;
  /** The config file, for the API's plan and reload. */
  configPath?: string;
  /** This instance's name (GET /api/v1/instances says which one answered). */
  instanceName?: string;
}

/**
 * Every HTTP surface on one app: authentication first (its hook must cover the
 * /api/v1 routes registered after it), then the API, /metrics, pings, signed
 * acknowledge links, status pages, incidents and subscriptions. Returns the
 * timers that serve the status pages.
 */
export async function registerRoutes(app: FastifyInstance, { pipeline, clock, logger, env, configPath, instanceName }: RouteOptions) {
  const { db } = pipeline;
  const config = pipeline.config;
  const now = () => clock.now();
  const auth = registerAuth(app, { db, clock, logger, publicUrl: () => config().server.public_url, channels: () => config().channels });
  const api: ApiDeps = {
    db,
    clock,
    config,
    fileConfig: pipeline.fileConfig,
    monitors: pipeline.active,
    alertState: (id) => pipeline.alerting.stateOf(id),
    locationStates: (id) => pipeline.agents.views(id),
    applyAcks: (at) => pipeline.alerting.acks.applyNow(at),
    onMonitorsChanged: pipeline.activate,
    onResourcesChanged: pipeline.resourcesChanged,
    events: new EventHub({ db }),
    inbound: pipeline.inbound,
    ownDatabase: pipeline.ownDatabase,
    ...(instanceName !== undefined && { instanceName }),
    ...(configPath !== undefined && { configSync: configSync(db, configPath, env, (next, allow, actor) => pipeline.apply(next, allow, undefined, { actor })) }),
    incidents: {
      refresh: () => incidentsChanged(),
      templateDir: configPath === undefined ? process.cwd() : dirname(configPath),
      onPost: (post) => onPost(post),
    },
  };
  registerApi(app, api);
  registerMetrics(app, pipeline.metrics);
  registerAgentRoutes(app, { db, clock, ...pipeline.agents });
  registerCiIntake(app, { db, clock, logger, config: () => config().ci_intake });
  registerAckQueue(app, () => pipeline.alerting.acks.applyNow(clock.now()));
  registerIncidentsChanged(app, () => incidentsChanged());
  registerPingRoutes(app, {
    sink: pipeline.heartbeats,
    clock,
    pingKey: () => config().server.ping_key,
    autoCreate: () => config().server.ping_auto_create,
    autoCreateLimit: () => config().server.ping_auto_create_limit,
    create: heartbeatCreator({ db, clock, config, logger, onChanged: pipeline.activate }),
    resume: resumeOnPing({ db, clock, config, onChanged: pipeline.activate }),
  });
  await app.register(
    ackRoutes,
    ackLinks({
      db,
      clock,
      secret: pipeline.linkSecret,
      monitor: (id) => pipeline.alerting.ackTarget(id),
      applyNow: (at) => pipeline.alerting.acks.applyNow(at),
    }),
  );

  // Public pages are served from a cache, re-rendered when states or posts change.
  const statusSite = createStatusSite({
    db,
    now,
    config,
    locationStates: (id) => pipeline.agents.views(id),
    onError: (slug, error) => logger.warn({ err: error, slug }, 'status page could not be refreshed; serving the last one'),
  });
  await app.register(statusRoutes({ ...statusSite, publicUrl: () => config().server.public_url }));
  await app.register(
    statuspageRoutes({ cache: statusSite.cache, pageUrl: (slug) => config().server.public_url?.replace(/\/$/, '').concat(`/status/${slug}`) }),
  );
  const targets = () => subscriberTargets(config().server);
  const subscribers = new SubscriberDelivery({ db, clock, logger, channels: () => config().channels, baseUrl: pipeline.baseUrl, targets });
  const pages = () => config().status_pages;
  const onPost = (post: { page: string }) => {
    statusSite.cache.invalidate(post.page);
    subscribers.nudge();
  };
  // A change to incidents or posts, by the API here or the CLI elsewhere: the engine's open incidents,
  // the pages, subscriber delivery and the dashboards all follow at once.
  const incidentsChanged = async () => {
    await pipeline.incidents.refresh();
    statusSite.cache.invalidate();
    subscribers.nudge();
    api.events.publish('incident', { at: clock.now() });
  };
  registerIncidentRoutes(app, { db, now, pages, onChange: onPost });
  await app.register(subscribeRoutes({ db, now, pages, onQueued: () => subscribers.nudge(), webhookTargets: () => targets().webhooks }));
  const exporter = new StatusExporter({ db, clock, logger, config, root: defaultExportRoot(databaseUrl(config(), env)) });

  return {
    api,
    announceSetup: auth.announceSetup,
    start(): void {
      subscribers.start();
      exporter.start();
    },
    async stop(): Promise<void> {
      await subscribers.stop();
      await exporter.stop();
    },
  };
}

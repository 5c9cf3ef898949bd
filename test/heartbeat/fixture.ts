/** A heartbeat evaluator over a real SQLite store, with a hand-moved clock and the ping routes on an app. */
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/api/app.js';
import { registerPingRoutes, type PingDeps } from '../../src/api/ping.js';
import { HeartbeatEvaluator } from '../../src/engine/heartbeats.js';
import type { RecordedResult } from '../../src/engine/engine.js';
import { silentLogger, type Logger } from '../../src/lib/logger.js';
import { defaultsSchema } from '../../src/schema/system.js';
import { parseConfig, resolveConfig, type Config, type MonitorConfig } from '../../src/schema/config.js';
import { heartbeatCreator } from '../../src/services/create-heartbeat-by-ping.js';
import { loadApiMonitors } from '../../src/services/monitors-api.js';
import { heartbeatSettings } from '../../src/checks/heartbeat/schema.js';
import type { Store } from '../../src/store/open.js';
import { openTestStore } from './stores.js';

export const T0 = Date.parse('2026-11-20T01:00:00Z');

export function heartbeat(id: string, settings: Record<string, unknown>, extra: Partial<MonitorConfig> = {}): MonitorConfig {
  const defaults = defaultsSchema.parse({});
  return {
    id,
    name: id,
    type: 'heartbeat',
    interval: 60_000,
    timeout: 10_000,
    tags: [],
    depends_on: [],
    paused: false,
    alert: defaults.alert,
    settings: heartbeatSettings.parse(settings),
    ...extra,
  } as MonitorConfig;
}

export interface Fixture {
  store: Store;
  app: FastifyInstance;
  evaluator: HeartbeatEvaluator;
  clock: { now(): number; set(ms: number): void; advance(ms: number): void };
  results: RecordedResult[];
  options: { pingKey?: string; autoCreate: boolean; autoCreateLimit: number };
  close(): Promise<void>;
}

export async function heartbeatFixture(monitors: MonitorConfig[], pingDeps: Partial<PingDeps> = {}, logger: Logger = silentLogger()): Promise<Fixture> {
  const { store, drop } = await openTestStore('sqlite', 'hb');
  let now = T0;
  const clock = { now: () => now, set: (ms: number) => void (now = ms), advance: (ms: number) => void (now += ms) };
  const results: RecordedResult[] = [];
  const evaluator = new HeartbeatEvaluator({
    db: store.db,
    clock,
    logger,
    startedAt: T0,
    record: (result) => results.push(result),
    retention: () => 14 * 86_400_000,
  });
  // Monitors pings create are API monitors: the evaluator takes them up as the pipeline does, through setMonitors.
  const activate = async () => evaluator.setMonitors([...monitors, ...(await loadApiMonitors(store.db, new Set(monitors.map((m) => m.id)))).monitors]);
  await activate();
  const options: Fixture['options'] = { pingKey: 'key-12345678', autoCreate: false, autoCreateLimit: 100 };
  const config = (): Config => {
    const parsed = parseConfig({ server: { ping_key: options.pingKey ?? 'key-12345678' } });
    if (!parsed.ok) throw new Error(parsed.problems[0]?.message);
    return resolveConfig(parsed.value);
  };
  const app = buildApp({ logger: silentLogger(), health: () => ({ healthy: true, checks: [] }) });
  registerPingRoutes(app, {
    sink: evaluator,
    clock,
    pingKey: () => options.pingKey,
    autoCreate: () => options.autoCreate,
    autoCreateLimit: () => options.autoCreateLimit,
    create: heartbeatCreator({ db: store.db, clock, config, logger, onChanged: activate }),
    ...pingDeps,
  });
  await app.ready();
  return {
    store,
    app,
    evaluator,
    clock,
    results,
    options,
    async close() {
      evaluator.stop();
      await app.close();
      await drop();
    },
  };
}

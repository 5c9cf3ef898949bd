/** A real store, writer and alerting service on a hand-driven clock, for tests that step through time. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Notification } from '../../src/channels/types.js';
import type { Status } from '../../src/core/types.js';
import { ResultWriter } from '../../src/engine/result-writer.js';
import { StateTracker } from '../../src/engine/state-tracker.js';
import { silentLogger } from '../../src/lib/logger.js';
import { parseConfig, resolveConfig, type Config } from '../../src/schema/config.js';
import { Alerting } from '../../src/services/alerting.js';
import { persistBatch } from '../../src/services/record-results.js';
import { readAlertStates } from '../../src/store/alert-state.js';
import { migrate } from '../../src/store/migrate.js';
import { openStore, type Store } from '../../src/store/open.js';
import { listOutbox } from '../../src/store/outbox.js';

export const T0 = Date.parse('2026-06-01T02:00:00Z');
export const SECRET = 'test-link-secret';

export function configOf(input: Record<string, unknown>): Config {
  const parsed = parseConfig(input);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems, null, 2));
  return resolveConfig(parsed.value);
}

export interface Rig {
  store: Store;
  alerting: Alerting;
  clock: { now(): number; set(ms: number): void; advance(ms: number): void };
  result(monitorId: string, status: Status, message?: string): Promise<void>;
  tick(): Promise<void>;
  /** Outbox rows so far, oldest first, as [event, channel, notification]. */
  sent(): Promise<Array<{ event: string; channel: string; monitorId: string; n: Notification }>>;
  /** The same store, a new service seeded from it: a restart. */
  restart(): Promise<Rig>;
  close(): Promise<void>;
}

export async function rig(config: Config, dir?: string): Promise<Rig> {
  const home = dir ?? (await mkdtemp(join(tmpdir(), 'tocsin-alerting-')));
  const store = await openStore(`sqlite:${join(home, 'tocsin.db')}`);
  await migrate(store.db);
  let now = T0;
  const clock = { now: () => now, set: (ms: number) => void (now = ms), advance: (ms: number) => void (now += ms) };
  const writer = new ResultWriter(persistBatch(store.db), silentLogger(), { flushEvery: 60_000 });
  const tracker = new StateTracker(silentLogger());
  const alerting = new Alerting({
    clock,
    logger: silentLogger(),
    db: store.db,
    tracker,
    writer,
    links: () => ({ baseUrl: 'https://tocsin.example.org', secret: SECRET }),
  });
  const stored = await readAlertStates(store.db);
  alerting.seed(stored.states);
  alerting.reportBrokenStates(stored.broken);
  alerting.configure(config, config.monitors);
  const self: Rig = {
    store,
    alerting,
    clock,
    async result(monitorId, status, message = status === 'up' ? 'HTTP 200 in 12 ms' : 'HTTP 503 from GET https://web.example.org/, expected 200') {
      alerting.record({ monitorId, at: now, missed: 0, result: { status, latencyMs: 12, timings: {}, message } });
      await writer.flush();
    },
    async tick() {
      await alerting.tick();
      await writer.flush();
    },
    async sent() {
      return (await listOutbox(store.db)).map((r) => ({ event: r.event, channel: r.channel, monitorId: r.monitorId, n: r.notification }));
    },
    async restart() {
      await writer.stop();
      await store.close();
      const next = await rig(config, home);
      next.clock.set(now);
      return next;
    },
    async close() {
      await writer.stop();
      await store.close();
      if (!dir) await rm(home, { recursive: true, force: true });
    },
  };
  return self;
}

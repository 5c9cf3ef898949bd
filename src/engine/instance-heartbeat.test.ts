import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../lib/logger.js';
import { listInstances } from '../store/instances.js';
import { migrate } from '../store/migrate.js';
import { openStore, type Store } from '../store/open.js';
import { InstanceHeartbeat, thisInstance } from './instance-heartbeat.js';

let store: Store | undefined;
afterEach(async () => store?.close());

async function until<T>(probe: () => Promise<T | undefined>, ms = 5_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('InstanceHeartbeat', () => {
  it('registers this process at start, rewrites its figures every beat, and marks it stopped on a clean stop', async () => {
    store = await openStore('sqlite::memory:');
    await migrate(store.db);
    let now = 1_000_000;
    let checks = 0;
    const heartbeat = new InstanceHeartbeat({
      db: store.db,
      clock: { now: () => now },
      logger: silentLogger(),
      identity: thisInstance(),
      every: 10,
      figures: () => ({ checksCompleted: checks, monitorsScheduled: 3, lastResultAt: checks ? now : null, health: [] }),
    });
    await heartbeat.start();
    const [started] = await listInstances(store.db);
    expect(started).toMatchObject({
      name: thisInstance().name,
      pid: process.pid,
      startedAt: 1_000_000,
      heartbeatAt: 1_000_000,
      stoppedAt: null,
      checksCompleted: 0,
      lastResultAt: null,
    });
    expect(started!.version).toMatch(/^\d+\.\d+\.\d+/);

    now += 5_000;
    checks = 42;
    const beaten = await until(async () => (await listInstances(store!.db)).find((i) => i.checksCompleted === 42));
    expect(beaten).toMatchObject({ heartbeatAt: 1_005_000, lastResultAt: 1_005_000, monitorsScheduled: 3 });

    now += 1_000;
    await heartbeat.stop();
    expect((await listInstances(store.db))[0]).toMatchObject({ stoppedAt: 1_006_000, heartbeatAt: 1_006_000 });
  });
});

/**
 * The delivery worker on a virtual clock: its poll and its retries follow the injected timers, so
 * the schedule is asserted exactly (a real receiver on 127.0.0.1 still takes every request).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { channelSender } from '../../src/engine/channel-sender.js';
import { DeliveryWorker } from '../../src/engine/delivery.js';
import { VirtualTimers } from '../../src/engine/virtual-timers.js';
import { startReceiver, type Receiver } from '../../src/channels/testing/receiver.js';
import { silentLogger } from '../../src/lib/logger.js';
import { migrate } from '../../src/store/migrate.js';
import type { Store } from '../../src/store/open.js';
import { sqliteStore } from '../store/dialects.js';
import { bodyOf, enqueue, entry, webhook } from './harness.js';

const T0 = Date.parse('2026-06-01T00:00:00Z');
let store: Store;
let cleanup: () => Promise<void>;
let receiver: Receiver | undefined;
let worker: DeliveryWorker | undefined;

beforeEach(async () => {
  ({ store, cleanup } = await sqliteStore());
  await migrate(store.db);
});

afterEach(async () => {
  await worker?.stop();
  await receiver?.close();
  await store.close();
  await cleanup();
});

describe('the delivery worker on injected timers', () => {
  it('finds a notification nobody nudged it about at the next poll, exactly pollMs after the last one', async () => {
    receiver = await startReceiver();
    const timers = new VirtualTimers(T0);
    const channels = { ops: webhook(receiver.url) };
    worker = new DeliveryWorker({
      db: store.db,
      clock: timers,
      logger: silentLogger(),
      channels: () => channels,
      fallback: () => [],
      send: channelSender(),
      options: { pollMs: 30_000, watchEveryMs: 30_000 },
    });
    timers.waitFor(() => worker!.idle());
    worker.start();
    await timers.advance(1000);
    await enqueue(store.db, [entry('ops', 'api', 'monitor.down', T0 + 1000)]);
    await timers.advanceTo(T0 + 30_000 - 1);
    expect(receiver.requests).toHaveLength(0);
    await timers.advanceTo(T0 + 30_000);
    expect(receiver.requests.map((r) => bodyOf(r).monitor.id)).toEqual(['api']);
  });
});

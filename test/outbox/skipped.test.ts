/**
 * A notification a channel sends nothing for on purpose (Squadcast and an acknowledgement, a
 * phone call and a recovery) is done with, but tells nothing about the receiver: a failing
 * channel stays failing, and no "works again" is claimed for it.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../../src/channels/testing/receiver.js';
import type { DeliveryWorker } from '../../src/engine/delivery.js';
import { getChannelHealth } from '../../src/store/channel-health.js';
import { migrate } from '../../src/store/migrate.js';
import type { Store } from '../../src/store/open.js';
import { listOutbox } from '../../src/store/outbox.js';
import { sqliteStore } from '../store/dialects.js';
import { enqueue, entry, until, worker } from './harness.js';

let store: Store;
let cleanup: () => Promise<void>;
let receiver: Receiver | undefined;
let running: DeliveryWorker | undefined;

beforeEach(async () => {
  ({ store, cleanup } = await sqliteStore());
  await migrate(store.db);
});

afterEach(async () => {
  await running?.stop();
  await receiver?.close();
  await store.close();
  await cleanup();
});

it('marks a skipped acknowledgement done without calling the receiver or calling a failing channel healthy', async () => {
  receiver = await startReceiver(() => ({ status: 503, body: 'maintenance' }));
  const down = entry('sq', 'web');
  // Another monitor's: one monitor's notifications go in order, so its own would wait behind the failing down.
  const ack = entry('sq', 'db');
  ack.notification = { ...ack.notification, event: 'monitor.acknowledged', acknowledged_by: 'alice' };
  ack.dedupKey = '1:monitor.acknowledged';
  await enqueue(store.db, [down]);
  running = worker(
    store.db,
    { sq: { type: 'squadcast', url: `${receiver.url}/v2/incidents/api/key` } },
    { retry: { baseMs: 600_000, capMs: 600_000, retryForMs: 86_400_000 } },
  );
  running.start();
  await until(async () => (await getChannelHealth(store.db, 'sq'))?.failingSince != null);

  await enqueue(store.db, [ack]);
  await until(async () => (await listOutbox(store.db)).find((r) => r.id === ack.id)?.deliveredAt != null);
  expect(receiver.requests.map((r) => JSON.parse(r.body.toString()).status)).toEqual(['trigger']);
  expect((await getChannelHealth(store.db, 'sq'))?.failingSince).not.toBeNull();
  expect((await listOutbox(store.db)).find((r) => r.id === down.id)?.deliveredAt).toBeNull();
});

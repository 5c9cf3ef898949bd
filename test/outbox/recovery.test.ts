/** A receiver that fails for a while and comes back gets what was kept for it at once (half-open circuit). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../../src/channels/testing/receiver.js';
import type { DeliveryWorker } from '../../src/engine/delivery.js';
import { migrate } from '../../src/store/migrate.js';
import type { Store } from '../../src/store/open.js';
import { listOutbox } from '../../src/store/outbox.js';
import { sqliteStore } from '../store/dialects.js';
import { bodyOf, enqueue, entry, until, webhook, worker } from './harness.js';

let store: Store;
let cleanup: () => Promise<void>;
let hook: Receiver | undefined;
let running: DeliveryWorker | undefined;

beforeEach(async () => {
  ({ store, cleanup } = await sqliteStore());
  await migrate(store.db);
});

afterEach(async () => {
  await running?.stop();
  await hook?.close();
  await store.close();
  await cleanup();
});

/** A failed row waits at least a minute, the channel is probed within half a second: only the circuit can deliver fast. */
const slowRetries = { retry: { baseMs: 600_000, capMs: 600_000, retryForMs: 86_400_000 }, circuit: { openAfter: 1, probeBaseMs: 500, probeCapMs: 500 } };

/** A receiver answering 500 until `recover()`, recording when each request came and what it answered. */
async function flakyReceiver() {
  const state = { failing: true, recoveredAt: 0, answers: [] as Array<{ at: number; status: number; ids: string[] }> };
  hook = await startReceiver((request) => {
    const status = state.failing ? 500 : 200;
    const body = bodyOf(request) as ReturnType<typeof bodyOf> & { monitor: { id: string } };
    state.answers.push({ at: Date.now(), status, ids: [body.id] });
    return { status, body: status === 200 ? 'ok' : 'upstream unavailable' };
  });
  return { url: hook.url, state, recover: () => Object.assign(state, { failing: false, recoveredAt: Date.now() }) };
}

describe('a channel that comes back', () => {
  it("gets every notification kept for it within two seconds of answering again, not after each one's own backoff", async () => {
    const receiver = await flakyReceiver();
    const rows = Array.from({ length: 20 }, (_, i) => entry('ops', `m${i}`));
    await enqueue(store.db, rows);
    running = worker(store.db, { ops: webhook(receiver.url) }, slowRetries);
    running.start();
    await until(() => receiver.state.answers.length >= 12, 10_000);
    // The rows that failed were told to wait a minute or more: left to themselves, none would arrive soon.
    expect((await listOutbox(store.db)).filter((r) => r.nextAttemptAt > Date.now() + 30_000).length).toBeGreaterThanOrEqual(8);

    receiver.recover();
    await until(async () => (await listOutbox(store.db)).every((r) => r.deliveredAt !== null), 15_000);
    const delivered = receiver.state.answers.filter((a) => a.status === 200);
    expect(new Set(delivered.flatMap((a) => a.ids))).toEqual(new Set(rows.map((r) => r.id)));
    expect(delivered.length).toBe(rows.length);
    expect(Math.max(...delivered.map((a) => a.at)) - receiver.state.recoveredAt).toBeLessThan(2_000);
  });

  it('keeps a rate-limited channel to its rate: what was kept arrives as one digest once it answers', async () => {
    const receiver = await flakyReceiver();
    const rows = Array.from({ length: 10 }, (_, i) => entry('chat', `m${i}`));
    await enqueue(store.db, rows);
    running = worker(store.db, { chat: { ...webhook(receiver.url), min_interval: 300 } }, slowRetries);
    running.start();
    await until(() => receiver.state.answers.length >= 4, 10_000);
    receiver.recover();
    await until(async () => (await listOutbox(store.db)).every((r) => r.deliveredAt !== null), 15_000);
    const delivered = receiver.state.answers.filter((a) => a.status === 200);
    expect(delivered).toHaveLength(1);
    expect(delivered[0]!.at - receiver.state.recoveredAt).toBeLessThan(2_000);
    const gaps = receiver.state.answers.slice(1).map((a, i) => a.at - receiver.state.answers[i]!.at);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(290);
  });
});

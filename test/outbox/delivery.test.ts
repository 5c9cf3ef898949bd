import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../../src/channels/testing/receiver.js';
import type { DeliveryWorker } from '../../src/engine/delivery.js';
import { claimDue, listOutbox } from '../../src/store/outbox.js';
import type { Store } from '../../src/store/open.js';
import { migrate } from '../../src/store/migrate.js';
import { sqliteStore } from '../store/dialects.js';
import { bodyOf, enqueue, entry, until, webhook, worker } from './harness.js';

let store: Store;
let cleanup: () => Promise<void>;
const receivers: Receiver[] = [];
const workers: DeliveryWorker[] = [];

beforeEach(async () => {
  ({ store, cleanup } = await sqliteStore());
  await migrate(store.db);
});

afterEach(async () => {
  for (const w of workers.splice(0)) await w.stop();
  for (const r of receivers.splice(0)) await r.close();
  await store.close();
  await cleanup();
});

async function receiver(reply?: Parameters<typeof startReceiver>[0]): Promise<Receiver> {
  const r = await startReceiver(reply);
  receivers.push(r);
  return r;
}

function started(w: DeliveryWorker): DeliveryWorker {
  workers.push(w);
  w.start();
  return w;
}

const accepted = (r: Receiver, statuses: Map<object, number>) => r.requests.filter((q) => statuses.get(q) === 200).map(bodyOf);

describe('delivery worker', () => {
  it('is woken by a nudge, not the poll, when a notification is written', async () => {
    const hook = await receiver();
    const w = started(worker(store.db, { ops: webhook(hook.url) }, { pollMs: 60_000, watchEveryMs: 60_000 }));
    await w.idle();
    const written = Date.now();
    await enqueue(store.db, [entry('ops', 'api')]);
    w.nudge();
    await until(() => hook.requests.length === 1, 15_000);
    // Well inside the 60 s poll it would otherwise wait for; the rest is room for a loaded machine.
    expect(Date.now() - written).toBeLessThan(10_000);
    expect(bodyOf(hook.requests[0]!)).toMatchObject({ event: 'monitor.down', monitor: { id: 'api' } });
  });

  it('gets every notification to a receiver that answered 500 for a while, exactly once and in order per monitor', async () => {
    const recoversAt = Date.now() + 1_500;
    const statuses = new Map<object, number>();
    const hook = await receiver((request) => {
      const status = Date.now() < recoversAt ? 500 : 200;
      statuses.set(request, status);
      return { status, body: status === 200 ? 'ok' : 'upstream unavailable' };
    });
    const now = Date.now();
    const rows = ['api', 'db', 'web', 'cdn', 'dns'].flatMap((m, i) => [entry('ops', m, 'monitor.down', now + i), entry('ops', m, 'monitor.up', now + 10 + i)]);
    await enqueue(store.db, rows);
    started(worker(store.db, { ops: webhook(hook.url) }));
    // The open circuit probes at 1 s, 2 s, 4 s …: a loaded machine can put the recovery a few probes late.
    await until(async () => (await listOutbox(store.db)).every((r) => r.deliveredAt !== null), 40_000);
    const got = accepted(hook, statuses);
    expect(got.map((b) => b.id).sort()).toEqual(rows.map((r) => r.id).sort());
    for (const m of ['api', 'db', 'web', 'cdn', 'dns'])
      expect(got.filter((b) => b.monitor.id === m).map((b) => b.event)).toEqual(['monitor.down', 'monitor.up']);
    expect(statuses.size).toBeGreaterThan(rows.length);
  }, 60_000);

  it('abandons an attempt the receiver never answers, closes its socket, and delivers on the next attempt', async () => {
    let calls = 0;
    const hook = await receiver(() => (++calls === 1 ? 'hang' : { status: 204 }));
    await enqueue(store.db, [entry('ops', 'api')]);
    started(worker(store.db, { ops: webhook(hook.url) }, { attemptTimeoutMs: 300 }));
    await until(async () => (await listOutbox(store.db))[0]?.deliveredAt !== null, 15_000);
    await hook.closed(1);
    const [row] = await listOutbox(store.db);
    expect(row?.attempts).toBe(1);
    expect(hook.requests.map((q) => bodyOf(q).id)).toEqual([row?.id, row?.id]);
  });

  it('gives up a notification the receiver refuses with 400 at once and says so on the fallback channel', async () => {
    const bad = await receiver(() => ({ status: 400, body: '{"message":"unknown field: monitor"}' }));
    const ops = await receiver();
    await enqueue(store.db, [entry('hooks', 'api')]);
    started(worker(store.db, { hooks: webhook(bad.url), ops: webhook(ops.url) }, {}, ['ops']));
    await until(() => ops.requests.length === 1, 15_000);
    expect(bad.requests).toHaveLength(1);
    const [dead] = await listOutbox(store.db, { channel: 'hooks' });
    expect(dead).toMatchObject({ attempts: 1, deliveredAt: null, lastError: expect.stringContaining('HTTP 400: unknown field: monitor') });
    expect(dead?.deadAt).not.toBeNull();
    expect(bodyOf(ops.requests[0]!)).toMatchObject({
      event: 'tocsin.self',
      message: expect.stringMatching(/^gave up on 1 notification to hooks \(monitor.down of api\): hooks \(127.0.0.1:\d+\): HTTP 400: unknown field: monitor/),
    });
  });

  it('tells the fallback channel once when a channel fails past the threshold, and again when it recovers', async () => {
    const recoversAt = Date.now() + 1_500;
    const slack = await receiver(() => (Date.now() < recoversAt ? { status: 503, body: 'no service' } : { status: 200 }));
    const ops = await receiver();
    await enqueue(store.db, [entry('chat', 'api')]);
    const w = started(worker(store.db, { chat: webhook(slack.url), ops: webhook(ops.url) }, { failingAfterMs: 500 }, ['ops']));
    await until(() => ops.requests.length === 1, 15_000);
    expect(bodyOf(ops.requests[0]!).message).toMatch(/^notifications to chat have failed for \d+s: chat \(127.0.0.1:\d+\): HTTP 503: no service/);
    expect(w.stats().failing.map((h) => h.channel)).toEqual(['chat']);
    await until(() => ops.requests.length === 2, 15_000);
    expect(bodyOf(ops.requests[1]!).message).toMatch(/^notifications to chat work again after \d+s of failures/);
    await until(() => w.stats().failing.length === 0 && w.stats().pending === 0, 15_000);
    expect(ops.requests).toHaveLength(2);
  }, 60_000);

  it('sends a burst to a Slack webhook as one digest, then keeps to one message a second', async () => {
    const times: number[] = [];
    const slack = await receiver(() => {
      times.push(Date.now());
      return { status: 200, body: 'ok' };
    });
    const config = { type: 'slack' as const, url: `${slack.url}/services/T0/B0/secret` };
    await enqueue(
      store.db,
      Array.from({ length: 37 }, (_, i) => entry('chat', `m${i}`, i < 35 ? 'monitor.down' : 'monitor.up')),
    );
    const w = started(worker(store.db, { chat: config }));
    await until(() => slack.requests.length === 1, 15_000);
    await enqueue(store.db, [entry('chat', 'late')]);
    w.nudge();
    await until(() => slack.requests.length === 2, 15_000);
    const first = JSON.parse(slack.requests[0]!.body.toString('utf8')) as { text: string };
    expect(first.text).toContain('37 monitors changed state: 35 down, 2 up');
    expect(slack.requests[1]!.body.toString('utf8')).toContain('late');
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(900);
    // The receiver has answered; the worker records that a moment later.
    await w.idle();
    expect((await listOutbox(store.db)).every((r) => r.deliveredAt !== null)).toBe(true);
    expect(w.stats()).toMatchObject({ delivered: 38, digests: 1 });
  });
});

describe('stopping the delivery worker', () => {
  it('hands back the rows it claimed but had not started, so another instance need not wait for the lease', async () => {
    const hook = await receiver(() => 'hang');
    const now = Date.now();
    await enqueue(
      store.db,
      Array.from({ length: 10 }, (_, i) => entry('ops', `m${i}`, 'monitor.down', now + i)),
    );
    // The attempt in flight fails at its deadline; its own retry must not come due before the other instance looks.
    const w = worker(
      store.db,
      { ops: webhook(hook.url) },
      { concurrency: 1, claimBatch: 10, attemptTimeoutMs: 300, retry: { baseMs: 60_000, capMs: 60_000, retryForMs: 86_400_000 } },
    );
    w.start();
    await until(() => hook.requests.length === 1, 15_000);
    await w.stop();
    const again = await claimDue(store.db, { channel: 'ops', now: Date.now(), leaseMs: 60_000, limit: 100, token: 'other-instance' });
    expect(again.map((r) => r.monitorId)).toEqual(['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7', 'm8', 'm9']);
  });
});

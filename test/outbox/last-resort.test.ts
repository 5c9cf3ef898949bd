/** The last resort against real receivers: what people hear, and how often, while the store refuses writes. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../../src/channels/testing/receiver.js';
import type { ChannelConfig } from '../../src/channels/types.js';
import { channelSender } from '../../src/engine/channel-sender.js';
import { LastResort } from '../../src/engine/delivery-last-resort.js';
import { silentLogger } from '../../src/lib/logger.js';
import { migrate } from '../../src/store/migrate.js';
import type { Store } from '../../src/store/open.js';
import { listOutbox, type OutboxInsert } from '../../src/store/outbox.js';
import { sqliteStore } from '../store/dialects.js';
import { bodyOf, entry, webhook } from './harness.js';

let store: Store;
let cleanup: () => Promise<void>;
let hook: Receiver;
let answer = 200;
let now = 1_700_000_000_000;
const resorts: LastResort[] = [];

beforeEach(async () => {
  ({ store, cleanup } = await sqliteStore());
  await migrate(store.db);
  answer = 200;
  hook = await startReceiver(() => ({ status: answer, body: answer === 200 ? 'ok' : 'try later' }));
});

afterEach(async () => {
  for (const r of resorts.splice(0)) await r.stop();
  await hook.close();
  await store.close();
  await cleanup();
});

function lastResort(channels: Record<string, ChannelConfig>, fallback: string[], held: OutboxInsert[] = []): LastResort {
  const r = new LastResort({
    db: store.db,
    clock: { now: () => now },
    logger: silentLogger(),
    channels: () => channels,
    fallback: () => fallback,
    send: channelSender(),
    held: () => held,
    options: { random: () => 1 },
  });
  resorts.push(r);
  return r;
}

/** Moves the clock, runs one pass and waits for what it sent. */
async function at(r: LastResort, ms: number): Promise<void> {
  now += ms;
  await r.tick();
  await r.idle();
}

const told = () => hook.requests.map((q) => ({ channel: q.path.slice(1), ...bodyOf(q) }));
const channels = () => ({ ops: webhook(`${hook.url}/ops`), pager: webhook(`${hook.url}/pager`), chat: webhook(`${hook.url}/chat`) });

describe('the last resort when the store refuses writes', () => {
  it('tells each fallback channel once, straight from memory, after 10 s, naming the monitors whose pages are held', async () => {
    const r = lastResort(channels(), ['ops', 'pager'], [entry('ops', 'payments'), entry('pager', 'payments')]);
    r.failed('results', 'database or disk is full');
    await at(r, 9_000);
    expect(told()).toEqual([]);
    await at(r, 1_000);
    expect(
      told()
        .map((t) => t.channel)
        .sort(),
    ).toEqual(['ops', 'pager']);
    expect(told()[0]).toMatchObject({
      event: 'tocsin.self',
      message: 'tocsin cannot write to its database (database or disk is full): alerts are held in memory; 1 monitor changed state meanwhile: payments DOWN',
    });
    for (let i = 0; i < 5; i++) await at(r, 30_000);
    expect(told()).toHaveLength(2);
    expect(await listOutbox(store.db)).toEqual([]);
  });

  it('tells every channel when no fallback channel is set', async () => {
    const r = lastResort(channels(), []);
    r.failed('outbox', 'connect ECONNREFUSED 127.0.0.1:5432');
    await at(r, 10_000);
    expect(
      told()
        .map((t) => t.channel)
        .sort(),
    ).toEqual(['chat', 'ops', 'pager']);
  });

  it('retries a receiver that refused the notice, with the same message, until it takes it', async () => {
    answer = 503;
    const r = lastResort(channels(), ['ops']);
    r.failed('results', 'database or disk is full');
    await at(r, 10_000);
    await at(r, 1_000);
    expect(told()).toHaveLength(1);
    answer = 200;
    await at(r, 5_000);
    expect(told()).toHaveLength(2);
    expect(told()[1]!.id).toBe(told()[0]!.id);
    await at(r, 60_000);
    expect(told()).toHaveLength(2);
  });

  it('says it again after an hour, or after 5 minutes when more monitors changed state meanwhile', async () => {
    const held: OutboxInsert[] = [];
    const r = lastResort(channels(), ['ops'], held);
    r.failed('results', 'database or disk is full');
    await at(r, 10_000);
    held.push(entry('ops', 'api'));
    await at(r, 4 * 60_000);
    expect(told()).toHaveLength(1);
    await at(r, 60_000);
    expect(told()[1]!.message).toMatch(/^tocsin still cannot write to its database after 5m 10s .*1 monitor changed state meanwhile: api DOWN$/);
    await at(r, 59 * 60_000);
    expect(told()).toHaveLength(2);
    await at(r, 60_000);
    expect(told()).toHaveLength(3);
  });

  it('says "writable again" through the outbox to the channels it told, once writes have held for 10 s', async () => {
    const r = lastResort(channels(), ['ops', 'pager']);
    r.failed('results', 'database or disk is full');
    r.failed('outbox', 'database or disk is full');
    await at(r, 10_000);
    r.ok('results');
    await at(r, 20_000);
    expect(await listOutbox(store.db)).toEqual([]);
    r.ok('outbox');
    await at(r, 5_000);
    expect(await listOutbox(store.db)).toEqual([]);
    await at(r, 5_000);
    const rows = await listOutbox(store.db);
    expect(rows.map((row) => row.channel).sort()).toEqual(['ops', 'pager']);
    expect(rows[0]!.notification).toMatchObject({
      event: 'tocsin.self',
      state: 'up',
      message: expect.stringMatching(/^tocsin can write to its database again after 40s/),
    });
    await at(r, 60_000);
    expect(await listOutbox(store.db)).toHaveLength(2);
    expect(told()).toHaveLength(2);
  });

  it('says nothing of a blip shorter than 10 s', async () => {
    const r = lastResort(channels(), ['ops']);
    r.failed('results', 'SQLITE_BUSY: database is locked');
    await at(r, 5_000);
    r.ok('results');
    await at(r, 60_000);
    expect(told()).toEqual([]);
    expect(await listOutbox(store.db)).toEqual([]);
  });
});

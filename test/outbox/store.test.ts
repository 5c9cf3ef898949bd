import { beforeEach, expect, it } from 'vitest';
import { notification } from '../../src/channels/testing/fixtures.js';
import { claimDeadReport, claimFailureAlert, getChannelHealth, recordChannelFailure, recordChannelOk } from '../../src/store/channel-health.js';
import {
  claimDue,
  giveUpExpired,
  insertNotifications,
  listOutbox,
  makeChannelDue,
  markDelivered,
  markFailed,
  outboxId,
  pendingSummary,
  pruneOutbox,
  releaseClaims,
  withOutbox,
  type OutboxInsert,
} from '../../src/store/outbox.js';
import { inTransaction } from '../../src/store/tx.js';
import { describeStore } from '../store/dialects.js';

function row(monitorId: string, createdAt: number, extra: Partial<OutboxInsert> = {}): OutboxInsert {
  const id = outboxId(createdAt);
  return {
    id,
    dedupKey: '1:monitor.down:0',
    channel: 'ops',
    monitorId,
    notification: notification('monitor.down', { id, monitor: { id: monitorId, name: monitorId, type: 'http', target: 'x' } }),
    createdAt,
    ...extra,
  };
}

const claim = (token: string, now = 10_000, limit = 100) => ({ channel: 'ops', now, leaseMs: 5_000, limit, token });

describeStore('outbox', (store) => {
  beforeEach(async () => {
    await withOutbox(store().db).deleteFrom('outbox').execute();
    await store().db.withTables<{ channel_health: { channel: string } }>().deleteFrom('channel_health').execute();
  });

  it('stores a notification once however often its transition is retried', async () => {
    const first = row('api', 1_000);
    await insertNotifications(store().db, [first]);
    await inTransaction(store().db, (trx) => insertNotifications(trx, [row('api', 2_000), row('api', 2_000, { channel: 'pager' })]));
    const stored = await listOutbox(store().db);
    expect(stored.map((r) => [r.id, r.channel])).toEqual([
      [first.id, 'ops'],
      [expect.any(String), 'pager'],
    ]);
    expect(stored[0]?.notification).toEqual(first.notification);
  });

  it("writes nothing when the caller's transaction rolls back", async () => {
    await expect(
      inTransaction(store().db, async (trx) => {
        await insertNotifications(trx, [row('api', 1_000)]);
        throw new Error('state write failed');
      }),
    ).rejects.toThrow('state write failed');
    expect(await listOutbox(store().db)).toEqual([]);
  });

  it('lets only one of two claims win a row', async () => {
    await insertNotifications(store().db, [row('api', 1_000), row('db', 1_000)]);
    const [a, b] = await Promise.all([claimDue(store().db, claim('a')), claimDue(store().db, claim('b'))]);
    expect([...(a ?? []), ...(b ?? [])].map((r) => r.monitorId).sort()).toEqual(['api', 'db']);
    expect(await claimDue(store().db, claim('c'))).toEqual([]);
    expect((await claimDue(store().db, claim('d', 15_000))).length).toBe(2);
  });

  it('hands out only the oldest pending notification of each monitor, so none overtakes another', async () => {
    const down = row('api', 1_000);
    const up = row('api', 2_000, { dedupKey: '1:monitor.up' });
    const other = row('db', 1_500);
    await insertNotifications(store().db, [up, down, other]);
    const first = await claimDue(store().db, claim('a'));
    expect(first.map((r) => r.id)).toEqual([down.id, other.id]);
    await markDelivered(store().db, [other.id], 10_000);
    await markFailed(store().db, [down.id], { now: 10_000, error: 'HTTP 500', nextAttemptAt: 20_000, deadIfCreatedBy: 0 });
    expect(await claimDue(store().db, claim('b', 12_000))).toEqual([]);
    const retried = await claimDue(store().db, claim('c', 20_000));
    expect(retried.map((r) => [r.id, r.attempts, r.lastError])).toEqual([[down.id, 1, 'HTTP 500']]);
    await markDelivered(store().db, [down.id], 20_001);
    expect((await claimDue(store().db, claim('d', 20_002))).map((r) => r.id)).toEqual([up.id]);
  });

  it('gives up permanent failures and rows past the retry window, and keeps the others', async () => {
    const old = row('api', 1_000);
    const young = row('db', 9_000);
    await insertNotifications(store().db, [old, young]);
    await markFailed(store().db, [old.id, young.id], { now: 10_000, error: 'HTTP 503', nextAttemptAt: 11_000, deadIfCreatedBy: 5_000 });
    const [a, b] = await listOutbox(store().db);
    expect([a?.deadAt, a?.attempts, b?.deadAt, b?.nextAttemptAt]).toEqual([10_000, 1, null, 11_000]);
    await markFailed(store().db, [young.id], { now: 12_000, error: 'HTTP 400: bad payload', deadIfCreatedBy: 0 });
    expect((await listOutbox(store().db))[1]).toMatchObject({ deadAt: 12_000, attempts: 2, lastError: 'HTTP 400: bad payload' });
    expect(await pendingSummary(store().db)).toEqual({ pending: 0, oldestCreatedAt: undefined, channels: [] });
  });

  it('makes every kept notification of a channel due at once when it answers again, leaving claimed ones to their attempt', async () => {
    const waiting = row('api', 1_000);
    const claimed = row('db', 1_000);
    const elsewhere = row('web', 1_000, { channel: 'pager' });
    await insertNotifications(store().db, [waiting, claimed, elsewhere]);
    await markFailed(store().db, [waiting.id, claimed.id, elsewhere.id], { now: 2_000, error: 'HTTP 503', nextAttemptAt: 600_000, deadIfCreatedBy: 0 });
    expect(await claimDue(store().db, claim('probe', 3_000, 1))).toEqual([]);
    // A probe takes the oldest kept row whatever its own retry time.
    expect((await claimDue(store().db, { ...claim('probe', 3_000, 1), dueBy: Number.MAX_SAFE_INTEGER })).map((r) => r.id)).toEqual([waiting.id]);
    await makeChannelDue(store().db, 'ops', 4_000);
    const byId = new Map((await listOutbox(store().db)).map((r) => [r.id, r.nextAttemptAt]));
    expect([byId.get(waiting.id), byId.get(claimed.id), byId.get(elsewhere.id)]).toEqual([4_000, 4_000, 600_000]);
  });

  it('gives up the unclaimed rows of a channel kept past the retry window, attempted or not', async () => {
    const old = row('api', 1_000);
    const young = row('db', 9_000);
    const probe = row('web', 500);
    await insertNotifications(store().db, [old, young, probe]);
    await claimDue(store().db, { ...claim('probe', 10_000, 1), dueBy: Number.MAX_SAFE_INTEGER });
    await giveUpExpired(store().db, 'ops', { now: 10_000, error: 'HTTP 503', deadIfCreatedBy: 5_000 });
    const byId = new Map((await listOutbox(store().db)).map((r) => [r.id, r.deadAt]));
    expect([byId.get(old.id), byId.get(young.id), byId.get(probe.id)]).toEqual([10_000, null, null]);
  });

  it('releases a claim without counting an attempt', async () => {
    const r = row('api', 1_000);
    await insertNotifications(store().db, [r]);
    await claimDue(store().db, claim('a'));
    await releaseClaims(store().db, [r.id], 11_000);
    expect(await claimDue(store().db, claim('b', 10_500))).toEqual([]);
    expect((await claimDue(store().db, claim('c', 11_000)))[0]).toMatchObject({ id: r.id, attempts: 0 });
    expect(await pendingSummary(store().db)).toEqual({ pending: 1, oldestCreatedAt: 1_000, channels: ['ops'] });
  });

  it('tracks a failing channel and reports its failure and recovery once', async () => {
    await recordChannelFailure(store().db, 'ops', 1_000, 'HTTP 503');
    await recordChannelFailure(store().db, 'ops', 2_000, 'HTTP 502');
    expect(await getChannelHealth(store().db, 'ops')).toMatchObject({ failingSince: 1_000, lastError: 'HTTP 502', lastFailureAt: 2_000, alertedAt: null });
    expect(await claimFailureAlert(store().db, 'ops', 1_000, 5_000)).toBe(true);
    expect(await claimFailureAlert(store().db, 'ops', 1_000, 6_000)).toBe(false);
    const ended = await recordChannelOk(store().db, 'ops', 7_000);
    expect(ended).toMatchObject({ failingSince: 1_000, alertedAt: 5_000 });
    expect(await recordChannelOk(store().db, 'ops', 8_000)).toBeUndefined();
    expect(await getChannelHealth(store().db, 'ops')).toMatchObject({ failingSince: null, lastOkAt: 8_000, alertedAt: null });
  });

  it('reports notifications given up once, then only newer ones', async () => {
    const a = row('api', 1_000);
    const b = row('db', 1_000);
    await insertNotifications(store().db, [a, b]);
    await markFailed(store().db, [a.id], { now: 3_000, error: 'HTTP 400: no such hook', deadIfCreatedBy: 0 });
    expect(await claimDeadReport(store().db, 'ops', 4_000)).toEqual({
      count: 1,
      upTo: 3_000,
      lastError: 'HTTP 400: no such hook',
      examples: [{ monitorId: 'api', event: 'monitor.down' }],
    });
    expect(await claimDeadReport(store().db, 'ops', 4_500)).toBeUndefined();
    await markFailed(store().db, [b.id], { now: 5_000, error: 'HTTP 410', deadIfCreatedBy: 0 });
    expect(await claimDeadReport(store().db, 'ops', 6_000)).toMatchObject({ count: 1, upTo: 5_000, lastError: 'HTTP 410' });
  });

  it('prunes old delivered and given-up notifications but never a pending one', async () => {
    const delivered = row('api', 1_000);
    const dead = row('db', 1_000);
    const pending = row('web', 1_000);
    const recent = row('dns', 9_000);
    await insertNotifications(store().db, [delivered, dead, pending, recent]);
    await markDelivered(store().db, [delivered.id, recent.id], 9_500);
    await markFailed(store().db, [dead.id], { now: 9_500, error: 'HTTP 400', deadIfCreatedBy: 0 });
    expect(await pruneOutbox(store().db, 5_000)).toBe(2);
    expect((await listOutbox(store().db)).map((r) => r.monitorId).sort()).toEqual(['dns', 'web']);
  });
});

/**
 * A notification whose stored payload does not decode is given up with the reason when a worker
 * claims it, instead of reaching a channel with the wrong shape or stopping delivery of the others.
 */
import { expect, it } from 'vitest';
import { notification } from '../../src/channels/testing/fixtures.js';
import { claimDue, insertNotifications, listOutbox, outboxId, withOutbox, type OutboxInsert, type UnreadableOutboxRow } from '../../src/store/outbox.js';
import { monitorNotifications } from '../../src/store/outbox-history.js';
import { describeStore } from './dialects.js';

const T = Date.UTC(2026, 0, 5, 2, 14, 12);

function down(monitorId: string, at: number): OutboxInsert {
  const id = outboxId(at);
  return {
    id,
    dedupKey: `1:monitor.down:${monitorId}`,
    channel: 'ops',
    monitorId,
    notification: notification('monitor.down', { id, monitor: { id: monitorId, name: monitorId, type: 'tcp', target: 'x' } }),
    createdAt: at,
  };
}

describeStore('a damaged outbox payload', (store) => {
  it('is given up with the reason when claimed; the other rows are delivered and listed', async () => {
    const db = store().db;
    await withOutbox(db).deleteFrom('outbox').execute();
    const [broken, wrong, good] = [down('a', T), down('b', T + 1), down('c', T + 2)];
    await insertNotifications(db, [broken!, wrong!, good!]);
    await withOutbox(db).updateTable('outbox').set({ payload: '{"id":"x","ev' }).where('id', '=', broken!.id).execute();
    await withOutbox(db)
      .updateTable('outbox')
      .set({ payload: JSON.stringify({ ...wrong!.notification, state: 'sideways' }) })
      .where('id', '=', wrong!.id)
      .execute();
    expect((await monitorNotifications(db, 'a', 10)).length).toBe(0);
    expect((await monitorNotifications(db, 'c', 10)).map((r) => r.id)).toEqual([good!.id]);

    const told: UnreadableOutboxRow[] = [];
    const claimed = await claimDue(db, { channel: 'ops', now: T + 10, leaseMs: 1_000, limit: 10, token: 't1', onUnreadable: (rows) => told.push(...rows) });
    expect(claimed.map((r) => r.id)).toEqual([good!.id]);
    expect(claimed[0]!.notification).toEqual(good!.notification);
    expect(told.map((r) => [r.id, r.monitorId])).toEqual([
      [broken!.id, 'a'],
      [wrong!.id, 'b'],
    ]);
    expect(told[0]!.problem).toMatch(/^the stored notification .+ cannot be read: not JSON/);
    expect(told[1]!.problem).toMatch(/invalid at state/);

    const dead = await withOutbox(db)
      .selectFrom('outbox')
      .select(['id', 'dead_at', 'last_error', 'claimed_by'])
      .where('dead_at', 'is not', null)
      .orderBy('id')
      .execute();
    expect(dead.map((r) => [r.id, Number(r.dead_at), r.claimed_by])).toEqual([
      [broken!.id, T + 10, null],
      [wrong!.id, T + 10, null],
    ]);
    expect(dead[1]!.last_error).toBe(told[1]!.problem);
    // Given up: a later claim (the good row still leased) hands nothing out.
    expect(await claimDue(db, { channel: 'ops', now: T + 500, leaseMs: 1_000, limit: 10, token: 't2' })).toEqual([]);
    expect((await listOutbox(db)).map((r) => r.id)).toEqual([good!.id]);
  });
});

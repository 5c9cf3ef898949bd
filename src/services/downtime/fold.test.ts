import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { notification } from '../../channels/testing/fixtures.js';
import { migrate } from '../../store/migrate.js';
import { openStore, type Store } from '../../store/open.js';
import { claimDue, insertNotifications, listOutbox, outboxId, withOutbox, type OutboxInsert } from '../../store/outbox.js';
import { foldHeld } from './fold.js';
import { digestWindow, holdRows } from './window.js';

const T = Date.UTC(2026, 0, 5, 2, 14, 12);
const window = digestWindow({ downSince: T - 7_000, backAt: T, reason: 'the engine was killed by SIGKILL' }, [1_000]);
let dir: string;
let store: Store;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tocsin-fold-'));
  store = await openStore(`sqlite:${join(dir, 'tocsin.db')}`);
  await migrate(store.db);
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  await withOutbox(store.db).deleteFrom('outbox').execute();
});

function down(monitorId: string, channel: string, at = T + 2_000): OutboxInsert {
  const id = outboxId(at);
  return {
    id,
    dedupKey: `1:monitor.down:${monitorId}`,
    channel,
    monitorId,
    notification: notification('monitor.down', { id, monitor: { id: monitorId, name: monitorId, type: 'tcp', target: 'x' }, message: `${monitorId} refused` }),
    createdAt: at,
  };
}

describe('folding the held notifications', () => {
  it("turns each channel's held rows into one digest and closes the rows it stands for", async () => {
    await insertNotifications(store.db, holdRows([down('a', 'ops'), down('b', 'ops'), down('c', 'ops'), down('a', 'mail'), down('b', 'mail')], window));
    const folded = await foldHeld(store.db, window, window.until, () => outboxId(window.until));
    expect(folded.map((f) => [f.channel, f.count]).sort()).toEqual([
      ['mail', 2],
      ['ops', 3],
    ]);

    const rows = await listOutbox(store.db);
    const pending = rows.filter((r) => r.deliveredAt === null);
    expect(pending.map((r) => [r.channel, r.monitorId]).sort()).toEqual([
      ['mail', 'tocsin'],
      ['ops', 'tocsin'],
    ]);
    expect(pending.find((r) => r.channel === 'ops')!.notification.message).toMatch(
      /^tocsin was down from .* UTC \(the engine was killed by SIGKILL\); while it was down: 3 monitors went down — a DOWN/,
    );
    expect(rows.filter((r) => r.deliveredAt !== null).every((r) => r.lastError?.startsWith('sent in the downtime digest ntf_'))).toBe(true);
    // The digests are due now; the held rows never will be.
    expect((await claimDue(store.db, { channel: 'ops', now: window.until, leaseMs: 1_000, limit: 10, token: 't' })).map((r) => r.monitorId)).toEqual([
      'tocsin',
    ]);
  });

  it('leaves a lone held row to go as it is, once due', async () => {
    await insertNotifications(store.db, holdRows([down('a', 'ops')], window));
    expect(await foldHeld(store.db, window, window.until, () => outboxId(window.until))).toEqual([]);
    expect(await claimDue(store.db, { channel: 'ops', now: window.until, leaseMs: 1_000, limit: 10, token: 't1' })).toEqual([]);
    expect((await claimDue(store.db, { channel: 'ops', now: window.heldAt, leaseMs: 1_000, limit: 10, token: 't2' })).map((r) => r.monitorId)).toEqual(['a']);
  });

  it('does not touch rows made before the downtime or after the window', async () => {
    await insertNotifications(store.db, [
      down('old', 'ops', T - 60_000),
      ...holdRows([down('late', 'ops', window.until + 1), down('late2', 'ops', window.until + 2)], window),
    ]);
    expect(await foldHeld(store.db, window, window.until, () => outboxId(window.until))).toEqual([]);
    expect((await listOutbox(store.db)).every((r) => r.deliveredAt === null)).toBe(true);
  });
});

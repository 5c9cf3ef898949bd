import { sql } from 'kysely';
import { beforeEach, expect, it } from 'vitest';
import { initialState, type AlertState } from '../../src/core/alert/index.js';
import {
  ackOutcome,
  getAlertState,
  linkSecret,
  listAlertStates,
  markAcksApplied,
  pendingAcks,
  queueAck,
  upsertAlertStates,
  type AckRequest,
} from '../../src/store/alert-state.js';
import { describeStore } from './dialects.js';

const down: AlertState = { ...initialState(), status: 'down', since: 1_000, episode: 3, acknowledged: { by: 'ana', at: 2_000 } };
const request = (id: string, extra: Partial<AckRequest> = {}): AckRequest => ({
  id,
  monitorId: 'web',
  by: 'ana',
  via: 'cli',
  episode: null,
  tokenId: null,
  requestedAt: 1_000,
  ...extra,
});

describeStore('alert state and acknowledgements', (store, dialect) => {
  beforeEach(async () => {
    await sql`delete from alert_state`.execute(store().db);
    await sql`delete from ack_requests`.execute(store().db);
  });

  it('does not rewrite a state that did not change (no dead tuple per check on PostgreSQL)', async () => {
    await upsertAlertStates(store().db, [{ monitorId: 'web', state: down, updatedAt: 1 }]);
    await upsertAlertStates(store().db, [{ monitorId: 'web', state: down, updatedAt: 2 }]);
    expect(await listAlertStates(store().db)).toEqual([{ monitorId: 'web', state: down, updatedAt: 1 }]);
    await upsertAlertStates(store().db, [{ monitorId: 'web', state: initialState(), updatedAt: 3 }]);
    expect(await listAlertStates(store().db)).toEqual([{ monitorId: 'web', state: initialState(), updatedAt: 3 }]);
  });

  it.runIf(dialect === 'postgres')('leaves room on each page of the state tables for in-place (HOT) updates', async () => {
    const { rows } = await sql<{ relname: string; reloptions: string[] }>`
      select relname, reloptions from pg_class where relnamespace = current_schema()::regnamespace and relname in ('monitor_state', 'alert_state') order by relname`.execute(store().db);
    expect(rows.map((r) => [r.relname, r.reloptions.includes('fillfactor=50')])).toEqual([['alert_state', true], ['monitor_state', true]]);
  });

  it('stores alert states as they were and overwrites them in place', async () => {
    await upsertAlertStates(store().db, [{ monitorId: 'web', state: initialState(), updatedAt: 1 }, { monitorId: 'db', state: initialState(), updatedAt: 1 }]);
    await upsertAlertStates(store().db, [{ monitorId: 'web', state: down, updatedAt: 2 }]);
    expect(await listAlertStates(store().db)).toEqual([
      { monitorId: 'db', state: initialState(), updatedAt: 1 },
      { monitorId: 'web', state: down, updatedAt: 2 },
    ]);
    expect(await getAlertState(store().db, 'web')).toEqual(down);
    expect(await getAlertState(store().db, 'nobody')).toBeUndefined();
  });

  it('queues acknowledgements oldest first until they are marked applied', async () => {
    expect(await queueAck(store().db, request('b', { requestedAt: 2_000 }))).toBe(true);
    expect(await queueAck(store().db, request('a', { requestedAt: 1_000, via: 'link', tokenId: 't1', episode: 3 }))).toBe(true);
    expect((await pendingAcks(store().db)).map((r) => r.id)).toEqual(['a', 'b']);
    expect(await ackOutcome(store().db, 'a')).toBeUndefined();
    await markAcksApplied(store().db, [{ id: 'a', appliedAt: 3_000, outcome: 'acknowledged' }]);
    expect((await pendingAcks(store().db)).map((r) => r.id)).toEqual(['b']);
    expect(await ackOutcome(store().db, 'a')).toEqual({ id: 'a', appliedAt: 3_000, outcome: 'acknowledged' });
  });

  it('spends a link token once: a second request with it is refused', async () => {
    expect(await queueAck(store().db, request('first', { tokenId: 'tok' }))).toBe(true);
    expect(await queueAck(store().db, request('second', { tokenId: 'tok' }))).toBe(false);
    expect(await queueAck(store().db, request('cli-1'))).toBe(true);
    expect(await queueAck(store().db, request('cli-2'))).toBe(true);
    expect((await pendingAcks(store().db)).map((r) => r.id).sort()).toEqual(['cli-1', 'cli-2', 'first']);
  });

  it('makes the link secret once and keeps it', async () => {
    await sql`delete from meta where key = 'link_signing_secret'`.execute(store().db);
    const first = await linkSecret(store().db, () => 'one');
    const again = await linkSecret(store().db, () => 'two');
    expect([first, again]).toEqual(['one', 'one']);
  });
});

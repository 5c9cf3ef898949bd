import { sql } from 'kysely';
import { beforeEach, expect, it } from 'vitest';
import { initialState, type AlertState } from '../../src/core/alert/index.js';
import {
  ackOutcome,
  getAlertState,
  linkSecret,
  listAlertStates,
  markAcksApplied,
  readAlertStates,
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
      select relname, reloptions from pg_class where relnamespace = current_schema()::regnamespace and relname in ('monitor_state', 'alert_state') order by relname`.execute(
      store().db,
    );
    expect(rows.map((r) => [r.relname, r.reloptions.includes('fillfactor=50')])).toEqual([
      ['alert_state', true],
      ['monitor_state', true],
    ]);
  });

  it('stores alert states as they were and overwrites them in place', async () => {
    await upsertAlertStates(store().db, [
      { monitorId: 'web', state: initialState(), updatedAt: 1 },
      { monitorId: 'db', state: initialState(), updatedAt: 1 },
    ]);
    await upsertAlertStates(store().db, [{ monitorId: 'web', state: down, updatedAt: 2 }]);
    expect(await listAlertStates(store().db)).toEqual([
      { monitorId: 'db', state: initialState(), updatedAt: 1 },
      { monitorId: 'web', state: down, updatedAt: 2 },
    ]);
    expect(await getAlertState(store().db, 'web')).toEqual(down);
    expect(await getAlertState(store().db, 'nobody')).toBeUndefined();
  });

  it('upgrades a version 1 row (written before the version column) and validates every row, reporting a bad one on its monitor alone', async () => {
    const { escalation: _e, held: _h, episodeFrom: _f, ...old } = { ...down, status: 'up' as const, since: null, lastResult: null };
    await sql`insert into alert_state (monitor_id, state, updated_at) values ('old', ${JSON.stringify(old)}, 5)`.execute(store().db);
    await sql`insert into alert_state (monitor_id, state, updated_at, version) values ('bad', ${JSON.stringify({ ...down, streaks: { up: -1 } })}, 6, 2)`.execute(
      store().db,
    );
    await sql`insert into alert_state (monitor_id, state, updated_at, version) values ('future', ${JSON.stringify(down)}, 7, 3)`.execute(store().db);
    await sql`insert into alert_state (monitor_id, state, updated_at, version) values ('torn', ${'{"status":"do'}, 8, 2)`.execute(store().db);
    await upsertAlertStates(store().db, [{ monitorId: 'web', state: down, updatedAt: 2 }]);
    const { states, broken } = await readAlertStates(store().db);
    expect(states.map((s) => s.monitorId)).toEqual(['old', 'web']);
    // Never confirmed up before `pending` existed: upgraded to pending, with today's fields filled in.
    expect(states[0]!.state).toMatchObject({ status: 'pending', episodeFrom: 'up', escalation: null, held: false, episode: 3 });
    expect(broken).toEqual([
      { monitorId: 'bad', problem: 'stored alert state (version 2) is invalid at streaks.up: Too small: expected number to be >=0' },
      { monitorId: 'future', problem: 'stored alert state has version 3, written by a newer tocsin (this one reads up to 2)' },
      { monitorId: 'torn', problem: expect.stringMatching(/^stored alert state is not JSON/) },
    ]);
    await expect(getAlertState(store().db, 'bad')).rejects.toThrow('bad: stored alert state (version 2) is invalid at streaks.up');
    const { rows } = await sql<{ version: number }>`select version from alert_state where monitor_id = 'web'`.execute(store().db);
    expect(Number(rows[0]!.version)).toBe(2);
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

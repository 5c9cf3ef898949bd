import { expect, it } from 'vitest';
import { getState, listStates, upsertStates, type StateRow } from '../../src/store/state.js';
import { describeStore } from './dialects.js';

const state = (monitorId: string, extra: Partial<StateRow> = {}): StateRow => ({
  monitorId,
  status: 'up',
  since: 1_000,
  lastAt: 2_000,
  lastStatus: 'up',
  lastMessage: 'ok',
  lastLatencyMs: 10.5,
  confirming: null,
  updatedAt: 2_000,
  ...extra,
});

describeStore('monitor state', (store) => {
  it('inserts new states and overwrites existing ones in one call', async () => {
    await upsertStates(store().db, [state('a'), state('b')]);
    const wentDown = state('a', {
      status: 'down',
      since: 3_000,
      lastAt: 3_000,
      lastStatus: 'down',
      lastMessage: 'connect to 10.0.0.1:443 timed out after 5000 ms',
      lastLatencyMs: 5000,
      confirming: { toward: 'up', count: 1, needed: 2 },
      updatedAt: 3_000,
    });
    await upsertStates(store().db, [wentDown, state('c')]);
    expect(await listStates(store().db)).toEqual([wentDown, state('b'), state('c')]);
    expect(await getState(store().db, 'a')).toEqual(wentDown);
  });

  it('has no state for a monitor never seen', async () => {
    expect(await getState(store().db, 'nobody')).toBeUndefined();
  });

  it('upserts thousands of states at once', async () => {
    const many = Array.from({ length: 5_000 }, (_, i) => state(`m${String(i).padStart(5, '0')}`));
    await upsertStates(store().db, many);
    await upsertStates(
      store().db,
      many.map((s) => ({ ...s, status: 'down' as const })),
    );
    const stored = await listStates(store().db);
    expect(stored).toHaveLength(5_000);
    expect(stored.every((s) => s.status === 'down')).toBe(true);
  });
});

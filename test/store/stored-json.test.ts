/**
 * JSON columns are read through a schema, not cast (store/stored-json.ts): a damaged value that is only
 * shown is left out, one a reader cannot do without is reported naming its row and column.
 */
import { describe, expect, it } from 'vitest';
import { getState, upsertStates, type StateRow } from '../../src/store/state.js';
import { decodeStoredJson, storedJson, storedStrings } from '../../src/store/stored-json.js';
import { describeStore } from './dialects.js';

describe('stored JSON', () => {
  it('decodes what matches its schema and says why what does not', () => {
    expect(decodeStoredJson(storedStrings, '["a","b"]')).toEqual({ ok: true, value: ['a', 'b'] });
    expect(decodeStoredJson(storedStrings, '["a",')).toMatchObject({ ok: false, problem: expect.stringMatching(/^not JSON \(/) });
    expect(decodeStoredJson(storedStrings, '["a",2]')).toMatchObject({ ok: false, problem: expect.stringMatching(/^invalid at 1: /) });
    expect(() => storedJson(storedStrings, '{"a":1}', 'incident 7 components')).toThrow(
      /^the stored incident 7 components cannot be read: invalid at \(root\): /,
    );
  });
});

describeStore('a damaged confirming column', (store) => {
  it('reads back as no change in progress, with the rest of the state intact', async () => {
    const state: StateRow = {
      monitorId: 'web',
      status: 'down',
      since: 1_000,
      lastAt: 2_000,
      lastStatus: 'up',
      lastMessage: 'ok',
      lastLatencyMs: 3,
      confirming: { toward: 'up', count: 1, needed: 2 },
      updatedAt: 2_000,
    };
    await upsertStates(store().db, [state]);
    expect((await getState(store().db, 'web'))?.confirming).toEqual({ toward: 'up', count: 1, needed: 2 });
    for (const damaged of ['{"toward":"up","cou', '{"toward":"sideways","count":1,"needed":2}']) {
      await store().db.updateTable('monitor_state').set({ confirming: damaged }).where('monitor_id', '=', 'web').execute();
      expect(await getState(store().db, 'web')).toEqual({ ...state, confirming: null });
    }
  });
});

/** A write that answers an error stores nothing: the running pipeline takes the change before the store does. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../api/auth/access.js';
import { parseConfig, resolveConfig, type Config } from '../schema/config.js';
import { getApiResource, putApiResource, type ApiResourcesTable } from '../store/api-resources.js';
import { listAudit } from '../store/audit.js';
import { migrate } from '../store/migrate.js';
import { openStore, type Store } from '../store/open.js';
import { deleteResource, putResource, type ResourceWriterDeps } from './api-resource-writers.js';
import type { StoredApiResource } from './api-resources.js';

const actor: Actor = { kind: 'user', id: 'u1', label: 'ed@example.org', role: 'editor', scope: 'write', viaCookie: false };
const config = (() => {
  const parsed = parseConfig({ monitors: [{ id: 'web', type: 'tcp', host: '127.0.0.1', port: 9 }] });
  if (!parsed.ok) throw new Error('test config');
  return resolveConfig(parsed.value);
})();
const window = { name: 'upgrade', start: '2030-01-01T00:00:00Z', duration: '1h', monitors: ['web'] };

let store: Store;
let applied: Array<readonly StoredApiResource[] | undefined>;
let refuse: ((resources: readonly StoredApiResource[]) => boolean) | undefined;

function deps(): ResourceWriterDeps {
  return {
    db: store.db,
    clock: { now: () => Date.parse('2026-01-01T00:00:00Z') },
    config: (): Config => config,
    fileConfig: () => config,
    monitors: () => config.monitors,
    async onChanged(resources) {
      applied.push(resources);
      if (resources && refuse?.(resources)) throw new Error('the pipeline refused it');
    },
  };
}

beforeEach(async () => {
  store = await openStore('sqlite::memory:');
  await migrate(store.db);
  applied = [];
  refuse = undefined;
});
afterEach(() => store.close());

describe('API resource writers', () => {
  it('apply the changed set to the running pipeline, then store the row and its audit entry', async () => {
    await putResource(deps(), actor, 'maintenance', 'mw-1', window, 'create');
    expect(applied).toEqual([[{ kind: 'maintenance', id: 'mw-1', definition: window }]]);
    expect(await getApiResource(store.db, 'maintenance', 'mw-1')).toMatchObject({ ok: true, definition: window });
    expect((await listAudit(store.db, { limit: 10 })).map((r) => r.action)).toEqual(['maintenance.create']);
  });

  it('take writes made at once one after another, so the last set applied holds every one of them', async () => {
    const slow = deps();
    const onChanged = slow.onChanged;
    // A pipeline that takes its time, as activating many monitors does.
    slow.onChanged = async (resources) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      await onChanged(resources);
    };
    await Promise.all(['mw-1', 'mw-2', 'mw-3'].map((id) => putResource(slow, actor, 'maintenance', id, window, 'create')));
    expect(
      applied
        .at(-1)
        ?.map((r) => r.id)
        .sort(),
    ).toEqual(['mw-1', 'mw-2', 'mw-3']);
  });

  it('answer 400 naming the field and store nothing when the running pipeline cannot take the change, then re-apply the store', async () => {
    refuse = (resources) => resources.some((r) => r.id === 'mw-1');
    const attempt = putResource(deps(), actor, 'maintenance', 'mw-1', window, 'create');
    await expect(attempt).rejects.toMatchObject({
      code: 'invalid_input',
      details: { field: 'id' },
      message: expect.stringMatching(/^maintenance window mw-1 could not be applied to the running tocsin \(the pipeline refused it\); nothing was changed$/),
    });
    expect(await getApiResource(store.db, 'maintenance', 'mw-1')).toBeUndefined();
    expect(await listAudit(store.db, { limit: 10 })).toEqual([]);
    expect(applied.at(-1)).toBeUndefined();
  });

  it('keep a deleted resource when the running pipeline cannot do without it', async () => {
    await putApiResource(store.db, 'maintenance', 'mw-2', window, 0);
    refuse = (resources) => !resources.some((r) => r.id === 'mw-2');
    await expect(deleteResource(deps(), actor, 'maintenance', 'mw-2')).rejects.toMatchObject({ code: 'invalid_input' });
    expect(await getApiResource(store.db, 'maintenance', 'mw-2')).toBeDefined();
  });

  it('refuse a window its evaluator cannot use before anything is applied or stored', async () => {
    const attempt = putResource(deps(), actor, 'maintenance', 'mw-3', { ...window, schedule: '0 0 30 2 *' }, 'create');
    await expect(attempt).rejects.toMatchObject({ code: 'invalid_input', details: { field: 'schedule' }, message: expect.stringMatching(/never does$/) });
    expect(applied).toEqual([]);
    expect(await getApiResource(store.db, 'maintenance', 'mw-3')).toBeUndefined();
  });

  it('hand on an unreadable stored row as a problem, and let a replace or delete repair it with one audit row saying what was there', async () => {
    await putApiResource(store.db, 'maintenance', 'mw-4', window, 0);
    // Corrupted in the database, as a bad restore or a hand edit would.
    await store.db
      .withTables<{ api_resources: ApiResourcesTable }>()
      .updateTable('api_resources')
      .set({ definition: '{"name":' })
      .where('id', '=', 'mw-4')
      .execute();
    await putResource(deps(), actor, 'maintenance', 'mw-5', window, 'create');
    expect(applied.at(-1)).toEqual([
      { kind: 'maintenance', id: 'mw-4', definition: undefined, problem: expect.stringMatching(/^stored definition is not JSON \(/) },
      { kind: 'maintenance', id: 'mw-5', definition: window },
    ]);
    await putResource(deps(), actor, 'maintenance', 'mw-4', { ...window, name: 'again' }, 'replace');
    expect(await getApiResource(store.db, 'maintenance', 'mw-4')).toMatchObject({ ok: true, definition: { name: 'again' } });
    const [update] = await listAudit(store.db, { limit: 1 });
    expect(update).toMatchObject({ action: 'maintenance.update', before: { unreadable: expect.stringMatching(/^stored definition is not JSON/) } });
  });
});

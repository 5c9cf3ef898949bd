import { expect, it } from 'vitest';
import { applyMonitorSync, listMonitors, planMonitorSync, type MonitorInput } from '../../src/store/monitors.js';
import { describeStore } from './dialects.js';

const monitor = (id: string, url = `https://${id}.example.org`): MonitorInput => ({
  id,
  type: 'http',
  name: `${id} site`,
  definition: { id, type: 'http', url, interval: 30_000, expect: { status: [200, 204] } },
});

const ids = (list: { id: string }[]) => list.map((m) => m.id);

describeStore('monitor sync', (store) => {
  it('adds monitors, then sees nothing to do for the same list', async () => {
    const db = store().db;
    const plan = await planMonitorSync(db, [monitor('a'), monitor('b')]);
    expect(ids(plan.added)).toEqual(['a', 'b']);
    await applyMonitorSync(db, plan, 1_000, 'config');
    const stored = await listMonitors(db);
    expect(stored).toEqual([
      { ...monitor('a'), source: 'config', definitionVersion: 1, createdAt: 1_000, updatedAt: 1_000, deletedAt: null },
      { ...monitor('b'), source: 'config', definitionVersion: 1, createdAt: 1_000, updatedAt: 1_000, deletedAt: null },
    ]);
    const again = await planMonitorSync(db, [monitor('b'), monitor('a')]);
    expect(again).toMatchObject({ added: [], changed: [], removed: [], restored: [] });
    expect(ids(again.unchanged)).toEqual(['b', 'a']);
  });

  it('changes, soft-deletes and restores, keeping when each happened', async () => {
    const db = store().db;
    await applyMonitorSync(db, await planMonitorSync(db, [monitor('a'), monitor('b'), monitor('c')]), 1_000, 'config');

    const second = await planMonitorSync(db, [monitor('a', 'https://moved.example.org'), monitor('c')]);
    expect(ids(second.changed.map((c) => c.before))).toEqual(['a']);
    expect(ids(second.removed)).toEqual(['b']);
    await applyMonitorSync(db, second, 2_000, 'config');
    expect(ids(await listMonitors(db))).toEqual(['a', 'c']);
    const withDeleted = await listMonitors(db, { includeDeleted: true });
    expect(withDeleted.find((m) => m.id === 'b')).toMatchObject({ deletedAt: 2_000, updatedAt: 2_000, createdAt: 1_000 });
    expect(withDeleted.find((m) => m.id === 'a')?.definition).toEqual(monitor('a', 'https://moved.example.org').definition);

    const third = await planMonitorSync(db, [monitor('a', 'https://moved.example.org'), monitor('b'), monitor('c')]);
    expect(ids(third.restored.map((c) => c.before))).toEqual(['b']);
    await applyMonitorSync(db, third, 3_000, 'config');
    expect((await listMonitors(db)).find((m) => m.id === 'b')).toMatchObject({ deletedAt: null, updatedAt: 3_000, createdAt: 1_000 });
  });

  it('leaves monitors created through the API alone when the config no longer lists them', async () => {
    const db = store().db;
    await applyMonitorSync(db, await planMonitorSync(db, [monitor('ui')], 'api'), 1_000, 'api');
    const plan = await planMonitorSync(db, [monitor('a')], 'config');
    expect(plan.removed).toEqual([]);
    await applyMonitorSync(db, plan, 2_000, 'config');
    expect(ids(await listMonitors(db))).toEqual(['a', 'ui']);
  });

  it('refuses a stale plan and applies none of it', async () => {
    const db = store().db;
    await applyMonitorSync(db, await planMonitorSync(db, [monitor('a'), monitor('b')]), 1_000, 'config');
    const stale = await planMonitorSync(db, [monitor('a', 'https://one.example.org'), monitor('new')]);
    await applyMonitorSync(db, await planMonitorSync(db, [monitor('a', 'https://two.example.org'), monitor('b')]), 2_000, 'config');
    await expect(applyMonitorSync(db, stale, 3_000, 'config')).rejects.toThrow(/Monitor "a" changed since the sync plan was made/);
    expect(ids(await listMonitors(db, { includeDeleted: true }))).toEqual(['a', 'b']);
    expect((await listMonitors(db)).map((m) => m.deletedAt)).toEqual([null, null]);
  });
});

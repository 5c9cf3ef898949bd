import { beforeEach, expect, it } from 'vitest';
import { deleteApiResource, getApiResource, listApiResources, putApiResource } from '../../src/store/api-resources.js';
import { describeStore } from './dialects.js';

describeStore('api resources', (store) => {
  beforeEach(async () => {
    await store().db.withTables<{ api_resources: { kind: string } }>().deleteFrom('api_resources').execute();
  });

  it('stores a definition as JSON and reads it back by kind and id', async () => {
    const { db } = store();
    await putApiResource(db, 'channel', 'ops', { type: 'slack', url: 'https://hooks.example.org/x' }, 1000);
    await putApiResource(db, 'escalation', 'ops', [{ after: 0, notify: ['ops'] }], 1000);
    expect(await getApiResource(db, 'channel', 'ops')).toEqual({
      kind: 'channel',
      id: 'ops',
      definition: { type: 'slack', url: 'https://hooks.example.org/x' },
      createdAt: 1000,
      updatedAt: 1000,
      deletedAt: null,
    });
    expect((await listApiResources(db, { kind: 'escalation' })).map((r) => r.id)).toEqual(['ops']);
    expect(await listApiResources(db)).toHaveLength(2);
  });

  it('replaces a definition and keeps when it was created', async () => {
    const { db } = store();
    await putApiResource(db, 'maintenance', 'w1', { name: 'a' }, 1000);
    await putApiResource(db, 'maintenance', 'w1', { name: 'b' }, 2000);
    const row = await getApiResource(db, 'maintenance', 'w1');
    expect(row).toMatchObject({ definition: { name: 'b' }, createdAt: 1000, updatedAt: 2000 });
  });

  it('soft-deletes, hides the deleted id from reads, and restores it when put again', async () => {
    const { db } = store();
    await putApiResource(db, 'channel', 'ops', { type: 'slack' }, 1000);
    expect(await deleteApiResource(db, 'channel', 'ops', 2000)).toBe(true);
    expect(await deleteApiResource(db, 'channel', 'ops', 3000)).toBe(false);
    expect(await getApiResource(db, 'channel', 'ops')).toBeUndefined();
    expect(await listApiResources(db)).toEqual([]);
    expect((await listApiResources(db, { includeDeleted: true }))[0]).toMatchObject({ id: 'ops', deletedAt: 2000 });
    await putApiResource(db, 'channel', 'ops', { type: 'discord' }, 4000);
    expect(await getApiResource(db, 'channel', 'ops')).toMatchObject({ definition: { type: 'discord' }, deletedAt: null });
  });

  it('stores status pages beside the other kinds', async () => {
    const { db } = store();
    await putApiResource(db, 'status_page', 'public', { slug: 'public', title: 'Public', components: [] }, 1000);
    await putApiResource(db, 'channel', 'public', { type: 'slack' }, 1000);
    expect(await getApiResource(db, 'status_page', 'public')).toMatchObject({ kind: 'status_page', definition: { title: 'Public' } });
    expect((await listApiResources(db)).map((r) => r.kind)).toEqual(['channel', 'status_page']);
  });
});

/**
 * An incident's kept facts read its status page posts' updates only: a post whose stored components
 * do not decode must not keep the incident from resolving, nor hide its updates from the timeline.
 */
import { beforeEach, expect, it } from 'vitest';
import { timelineSources } from '../../src/services/incident-facts.js';
import { changeIncident, openByHand } from '../../src/services/incident-response.js';
import { insertPost, insertUpdate, listPostsById } from '../../src/store/incidents.js';
import { getFacts } from '../../src/store/response-incidents.js';
import { describeStore } from './dialects.js';

const T0 = Date.UTC(2026, 11, 1, 10);
const actor = { kind: 'cli' as const, label: 'ana' };

describeStore('an incident past a damaged status page post', (store) => {
  beforeEach(async () => {
    const db = store().db.withTables<{
      response_incident_events: { id: string };
      response_incidents: { id: string };
      incident_updates: { id: string };
      incidents: { id: string };
    }>();
    await db.deleteFrom('response_incident_events').execute();
    await db.deleteFrom('response_incidents').execute();
    await db.deleteFrom('incident_updates').execute();
    await db.deleteFrom('incidents').execute();
  });

  it('resolves, keeping the post’s updates in its facts, when the post’s components do not decode', async () => {
    const ctx = (now: number) => ({ db: store().db, now, actor });
    const post = { id: 'p1', page: 'main', kind: 'incident' as const, title: 'API down', impact: 'major' as const, status: 'investigating' as const };
    await insertPost(store().db, { ...post, components: ['API'], startsAt: T0, endsAt: null, resolvedAt: null, createdAt: T0, updatedAt: T0 });
    await insertUpdate(store().db, 'p1', { id: 'u1', status: 'investigating', body: 'Looking into it.', at: T0 });
    const opened = await openByHand(ctx(T0), { title: 'API down', severity: 2 });
    await changeIncident(ctx(T0 + 1000), opened.id, { addPosts: ['p1'] });
    await store()
      .db.withTables<{ incidents: { id: string; components: string } }>()
      .updateTable('incidents')
      .set({ components: '["API"' })
      .where('id', '=', 'p1')
      .execute();
    const resolved = await changeIncident(ctx(T0 + 60_000), opened.id, { state: 'resolved' });
    expect(resolved.state).toBe('resolved');
    const update = { page: 'main', status: 'investigating', body: 'Looking into it.', at: T0 };
    expect(JSON.parse((await getFacts(store().db, opened.id))!) as { postUpdates: unknown[] }).toMatchObject({ postUpdates: [update] });
    expect((await timelineSources(store().db, resolved, T0 + 120_000)).postUpdates).toEqual([update]);
    expect((await listPostsById(store().db, ['p1', 'gone']))[0]?.damaged).toEqual([{ field: 'components', problem: expect.stringMatching(/^not JSON /) }]);
  });
});

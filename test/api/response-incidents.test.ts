/** /api/v1/response-incidents, action items and /api/v1/report on a running tocsin: writes, reads, refusals. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getPost } from '../../src/store/incidents.js';
import { startApi, type ApiHarness } from './harness.js';

let api: ApiHarness;
beforeAll(async () => {
  api = await startApi(() => ({
    monitors: [{ id: 'mirror', type: 'http', url: 'http://127.0.0.1:9/never', paused: true, tags: ['edge'] }],
    status_pages: [{ slug: 'public', title: 'Example', components: [{ name: 'Mirrors', monitors: ['mirror'] }] }],
  }));
});
afterAll(() => api?.close());

const json = <T>(response: { json(): unknown }) => response.json() as T;
type Incident = { id: string; state: string; severity: number; postmortem: string; posts: string[]; commander: string | null };

describe('response incidents API', () => {
  it('opens, changes, notes and resolves an incident, and shows its timeline', async () => {
    const opened = await api.call('editor', 'POST', '/api/v1/response-incidents', { title: 'Mirrors slow', severity: 'SEV2', components: ['Mirrors'] });
    expect(opened.statusCode).toBe(201);
    const { id } = json<Incident>(opened);
    expect(json<Incident>(opened)).toMatchObject({ severity: 2, state: 'investigating', postmortem: 'pending' });

    const changed = await api.call('editor', 'POST', `/api/v1/response-incidents/${id}`, {
      state: 'identified',
      commander: 'ana',
      add_links: [{ label: 'chat', url: 'https://chat.example.org/r/1' }],
      analysis: { root_cause: 'a full disk' },
    });
    expect(changed.statusCode).toBe(200);
    expect(json<Incident>(changed)).toMatchObject({ state: 'identified', commander: 'ana' });
    expect((await api.call('editor', 'POST', `/api/v1/response-incidents/${id}/notes`, { text: 'disk at 100%' })).statusCode).toBe(201);
    expect((await api.call('editor', 'POST', `/api/v1/response-incidents/${id}`, { state: 'resolved' })).statusCode).toBe(200);

    const view = json<{ closed: boolean; timeline: Array<{ kind: string; text: string; by?: string }> }>(
      await api.call('viewer', 'GET', `/api/v1/response-incidents/${id}`),
    );
    expect(view.closed).toBe(false);
    expect(view.timeline.map((e) => e.kind)).toEqual(['opened', 'state', 'commander', 'link', 'note', 'state']);
    expect(view.timeline[4]).toMatchObject({ text: 'disk at 100%', by: 'editor@example.org' });

    const markdown = await api.call('viewer', 'GET', `/api/v1/response-incidents/${id}/postmortem`);
    expect(markdown.headers['content-type']).toBe('text/markdown; charset=utf-8');
    expect(markdown.body).toContain('## Root cause\n\na full disk');
    const html = await api.call('viewer', 'GET', `/api/v1/response-incidents/${id}/postmortem?format=html`);
    expect(html.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(html.body).toContain('<h2>Root cause</h2>');

    const published = await api.call('editor', 'POST', `/api/v1/response-incidents/${id}/postmortem`, { action: 'publish', page: 'public' });
    expect(published.statusCode).toBe(200);
    const incident = json<Incident>(published);
    expect(incident.postmortem).toBe('published');
    const post = await getPost(api.live.tocsin.store.db, incident.posts[0]!);
    expect(post).toMatchObject({ page: 'public', status: 'resolved' });
    expect(post!.updates[0]!.body).toContain('# Post-mortem: Mirrors slow');
    expect(json<{ closed: boolean }>(await api.call('viewer', 'GET', `/api/v1/response-incidents/${id}`)).closed).toBe(true);
  });

  it('refuses bad input with a 400 naming the field, a closed incident with a 409, and readers writing', async () => {
    const bad = await api.call('editor', 'POST', '/api/v1/response-incidents', { title: 'x', severity: 5 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ field: 'severity' });
    const { id } = json<Incident>(await api.call('editor', 'POST', '/api/v1/response-incidents', { title: 'y', severity: 4 }));
    const link = await api.call('editor', 'POST', `/api/v1/response-incidents/${id}`, { add_links: [{ label: 'x', url: 'javascript:alert(1)' }] });
    expect(link.statusCode).toBe(400);
    expect((await api.call('editor', 'POST', `/api/v1/response-incidents/${id}/postmortem`, { action: 'waive', reason: 'minor' })).statusCode).toBe(409);
    expect((await api.call('viewer', 'POST', `/api/v1/response-incidents/${id}/notes`, { text: 'hi' })).statusCode).toBe(403);
    expect((await api.call('viewer', 'GET', '/api/v1/response-incidents/nope')).statusCode).toBe(404);
    expect((await api.call('viewer', 'GET', '/api/v1/report?since=soon')).statusCode).toBe(400);
    const mail = await api.call('editor', 'POST', `/api/v1/response-incidents/${id}/postmortem`, { action: 'mail', channel: 'none' });
    expect(mail.statusCode).toBe(404);
  });

  it('tracks action items and lists the overdue ones in the report', async () => {
    const { id } = json<Incident>(await api.call('editor', 'POST', '/api/v1/response-incidents', { title: 'z', severity: 3 }));
    const late = await api.call('editor', 'POST', `/api/v1/response-incidents/${id}/action-items`, {
      title: 'Add a disk alert',
      owner: 'bob',
      due: '2020-01-31',
    });
    expect(late.statusCode).toBe(201);
    const later = json<{ id: string }>(
      await api.call('editor', 'POST', `/api/v1/response-incidents/${id}/action-items`, { title: 'Later', due: '2999-01-01' }),
    );
    expect((await api.call('editor', 'POST', `/api/v1/action-items/${later.id}`, { state: 'done' })).json()).toMatchObject({ state: 'done' });
    expect((await api.call('editor', 'POST', `/api/v1/action-items/${later.id}`, { due: '31/01/2020' })).statusCode).toBe(400);
    const overdue = json<{ actionItems: Array<{ title: string }> }>(await api.call('viewer', 'GET', '/api/v1/action-items/overdue'));
    expect(overdue.actionItems.map((i) => i.title)).toEqual(['Add a disk alert']);
    const report = json<{ incidents: number; bySeverity: Record<string, number>; overdueActionItems: unknown[]; uptime: unknown[] }>(
      await api.call('viewer', 'GET', '/api/v1/report?since=30d'),
    );
    expect(report.incidents).toBe(3);
    expect(report.bySeverity).toEqual({ SEV1: 0, SEV2: 1, SEV3: 1, SEV4: 1 });
    expect(report.overdueActionItems).toHaveLength(1);
    expect(report.uptime).toEqual([{ page: 'public', component: 'Mirrors', percent: null }]);
  });
});

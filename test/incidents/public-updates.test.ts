/**
 * A response incident made public (linked to a status page post) tells the page of each state change,
 * end to end against a real tocsin: a state change through the API posts the configured wording as
 * an update, which the status page's JSON and HTML show at once; words given with a change replace
 * the wording once, `public_update: false` posts nothing, and the record's notes and internal title
 * never reach the page.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { silentLogger } from '../../src/lib/logger.js';
import { startTocsin, type Tocsin } from '../../src/main.js';
import { createToken } from '../../src/services/tokens.js';
import { createUser } from '../../src/services/users.js';

let dir = '';
let tocsin: Tocsin;
let base = '';
let token = '';
const NOTE = 'db01 root password is in the vault under ops/db01';
const INTERNAL_TITLE = 'Ana ran the wrong migration on db01';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tocsin-public-updates-'));
  await writeFile(
    join(dir, 'tocsin.yaml'),
    stringify({
      database: { url: `sqlite:${join(dir, 'tocsin.db')}` },
      incidents: { public_wording: { identified: 'Found it: {components} will be back soon.' } },
      monitors: [
        { id: 'mirror', type: 'tcp', host: '127.0.0.1', port: 9, interval: '1h' },
        { id: 'docs', type: 'tcp', host: '127.0.0.1', port: 9, interval: '1h' },
      ],
      status_pages: [
        {
          slug: 'public',
          title: 'Example',
          components: [
            { name: 'Mirrors', monitors: ['mirror'] },
            { name: 'Docs', monitors: ['docs'] },
          ],
        },
      ],
    }),
  );
  tocsin = await startTocsin({ configPath: join(dir, 'tocsin.yaml'), env: {}, logger: silentLogger(), listen: '127.0.0.1:0' });
  base = `http://${tocsin.address}`;
  const ctx = { actor: { kind: 'system' as const, label: 'test' }, now: Date.now() };
  const user = await createUser(tocsin.store.db, { email: 'ic@example.org', role: 'editor', password: 'a long enough passphrase' }, ctx);
  token = (await createToken(tocsin.store.db, { userId: user.id, name: 'public updates', scope: 'write' }, ctx)).secret;
}, 60_000);

afterAll(async () => {
  await tocsin?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function api<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as T };
}

/** An incident linked to a fresh post on the page, as a responder makes one public. */
async function publicIncident(components: string[]): Promise<{ id: string; post: string }> {
  const post = await api('POST', '/api/v1/status-pages/public/incidents', { title: 'Downloads are failing', body: 'We are looking into it.', components });
  expect(post.status).toBe(201);
  const opened = await api('POST', '/api/v1/response-incidents', { title: INTERNAL_TITLE, severity: 2, components });
  expect(opened.status).toBe(201);
  const id = String(opened.body.id);
  const postId = String((post.body as { id?: string; incident?: { id: string } }).incident?.id ?? post.body.id);
  expect((await api('POST', `/api/v1/response-incidents/${id}`, { add_posts: [postId] })).status).toBe(200);
  expect((await api('POST', `/api/v1/response-incidents/${id}/notes`, { text: NOTE })).status).toBe(201);
  return { id, post: postId };
}

async function page(): Promise<{ json: string; html: string }> {
  const json = await (await fetch(`${base}/status/public.json`)).text();
  const html = await (await fetch(`${base}/status/public`)).text();
  return { json, html };
}

describe('public updates on incident state changes', () => {
  it('posts the wording of each new state on the linked post, shown by the status page at once, notes never', async () => {
    const { id } = await publicIncident(['Mirrors', 'Docs']);
    await page(); // the cached page, as visitors have it before the change
    const identified = await api('POST', `/api/v1/response-incidents/${id}`, { state: 'identified' });
    expect(identified.status).toBe(200);
    let shown = await page();
    expect(shown.json).toContain('Found it: Mirrors and Docs will be back soon.');
    expect(shown.html).toContain('Found it: Mirrors and Docs will be back soon.');

    expect((await api('POST', `/api/v1/response-incidents/${id}`, { state: 'monitoring' })).status).toBe(200);
    shown = await page();
    expect(shown.json).toContain('A fix has been put in place for Mirrors and Docs; we are watching the results.');
    expect(shown.html).toContain('A fix has been put in place for Mirrors and Docs; we are watching the results.');
    const seen = [shown.json, shown.html];
    expect((await api('POST', `/api/v1/response-incidents/${id}`, { state: 'resolved' })).status).toBe(200);
    // Resolved, the post leaves the JSON's open incidents and stays in the page's history.
    shown = await page();
    expect(shown.json).not.toContain('Downloads are failing');
    expect(shown.html).toContain('The problem affecting Mirrors and Docs is resolved.');
    for (const text of [...seen, shown.json, shown.html]) {
      expect(text).not.toContain(NOTE);
      expect(text).not.toContain(INTERNAL_TITLE);
    }
    // The post is closed with the incident, and the record says what the page was told.
    const posts = await api<{ incidents: Array<{ id: string; status: string; updates: Array<{ status: string }> }> }>(
      'GET',
      '/api/v1/status-pages/public/incidents',
    );
    const view = await api<{ timeline: Array<{ text: string }> }>('GET', `/api/v1/response-incidents/${id}`);
    expect(view.body.timeline.map((e) => e.text)).toContainEqual(expect.stringMatching(/^status page "public" updated \(resolved\): The problem affecting/));
    expect(
      posts.body.incidents.some((p) => p.status === 'resolved' && p.updates.map((u) => u.status).join(',') === 'resolved,monitoring,identified,investigating'),
    ).toBe(true);
  });

  it('posts the words given with a change instead, and nothing when told not to', async () => {
    const { id, post } = await publicIncident(['Docs']);
    await api('POST', `/api/v1/response-incidents/${id}`, { state: 'identified', public_update: 'The docs host ran out of disk; cleaning up.' });
    await api('POST', `/api/v1/response-incidents/${id}`, { state: 'monitoring', public_update: false });
    const posts = await api<{ incidents: Array<{ id: string; status: string; updates: Array<{ status: string; body: string }> }> }>(
      'GET',
      '/api/v1/status-pages/public/incidents',
    );
    const mine = posts.body.incidents.find((p) => p.id === post);
    expect(mine?.status).toBe('identified');
    expect(mine?.updates.map((u) => u.body)).toEqual(['The docs host ran out of disk; cleaning up.', 'We are looking into it.']);
    expect((await page()).json).toContain('The docs host ran out of disk; cleaning up.');
    // A change of anything but the state tells the page nothing.
    await api('POST', `/api/v1/response-incidents/${id}`, { severity: 1, commander: 'ana' });
    const after = await api<{ incidents: Array<{ id: string; updates: unknown[] }> }>('GET', '/api/v1/status-pages/public/incidents');
    expect(after.body.incidents.find((p) => p.id === post)?.updates).toHaveLength(2);
  });

  it('tells no page about an incident that links no post', async () => {
    const opened = await api('POST', '/api/v1/response-incidents', { title: 'Internal only', severity: 3, components: ['Docs'] });
    // The page may be rendered again (its "as of" time moves); what it tells must not change.
    const told = async () => {
      const summary = JSON.parse((await page()).json) as { incidents: unknown; scheduled_maintenances: unknown };
      return { incidents: summary.incidents, maintenances: summary.scheduled_maintenances };
    };
    const before = await told();
    expect((await api('POST', `/api/v1/response-incidents/${String(opened.body.id)}`, { state: 'identified' })).status).toBe(200);
    expect(await told()).toEqual(before);
  });
});

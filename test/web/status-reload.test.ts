/**
 * Issue 11: after a reload or an API change, the very next request for a status page, its JSON or a
 * feed serves the new content, not a cached copy for a few more seconds.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { startApi, type ApiHarness } from '../api/harness.js';

let api: ApiHarness;
const page = (title: string, component: string) => ({ slug: 'public', title, components: [{ name: component, monitors: ['web'] }] });

beforeAll(async () => {
  api = await startApi(() => ({
    monitors: [{ id: 'web', type: 'tcp', host: '127.0.0.1', port: 9, interval: '1h', paused: true }],
    status_pages: [page('Before', 'Web')],
  }));
});

afterAll(async () => {
  await api?.close();
});

const get = async (path: string) => (await api.live.tocsin.app.inject({ method: 'GET', url: path })).body;
const all = async (slug: string) => Promise.all([get(`/status/${slug}`), get(`/status/${slug}.json`), get(`/status/${slug}.rss`), get(`/status/${slug}.atom`)]);

describe('status pages after a change', () => {
  it('serve the reloaded config on the very next request, for the page, its JSON and its feeds', async () => {
    for (const body of await all('public')) expect(body).toContain('Before');
    const file = join(api.live.dir, 'tocsin.yaml');
    const config = parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    await writeFile(file, stringify({ ...config, status_pages: [page('After', 'Web front')] }));
    await api.live.tocsin.reload();
    const [html, json, rss, atom] = await all('public');
    expect(html).toContain('After');
    expect(html).toContain('Web front');
    expect(html).not.toContain('Before');
    expect(JSON.parse(json!)).toMatchObject({ page: { name: 'After' }, components: [expect.objectContaining({ name: 'Web front' })] });
    expect(rss).toContain('After');
    expect(atom).toContain('After');
  });

  it('serve a page changed through the API on the very next request', async () => {
    const created = await api.call('editor', 'POST', '/api/v1/status-pages', { ...page('Made by API', 'Web'), slug: 'api-page' });
    expect(created.statusCode, created.body).toBe(201);
    expect(await get('/status/api-page')).toContain('Made by API');
    const replaced = await api.call('editor', 'PUT', '/api/v1/status-pages/api-page', { ...page('Renamed by API', 'Web'), slug: 'api-page' });
    expect(replaced.statusCode, replaced.body).toBe(200);
    for (const body of await all('api-page')) expect(body).toContain('Renamed by API');
  });
});
